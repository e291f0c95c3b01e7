// Commands that reproduce one encrypted packet's MAC or AEAD tag and its decryption from the
// session's derived keys, the packet's wire bytes and its place in its direction (sequence number,
// AES-CTR keystream position, GCM invocation counter). Pure: the viewer builds these in the browser.
//
// Per scheme (what the MAC covers is the point of showing it):
//   encrypt-and-MAC (RFC 4253 §6.4): MAC(key, uint32 seq || plaintext packet)
//   encrypt-then-MAC (OpenSSH PROTOCOL §1.5): MAC(key, uint32 seq || packet_length || ciphertext)
//   chacha20-poly1305@openssh.com: Poly1305 keyed from ChaCha20 block 0, nonce = seq, over
//     encrypted packet_length || ciphertext
//   aes*-gcm@openssh.com (RFC 5647): AAD = packet_length, nonce = fixed field || invocation counter

import type { MessageStep, Party, Step } from '../session/session';
import type { TraceEntry } from '../ssh/transport/events';
import { toHex } from './format';
import { header, kexRounds, pyBytes, pythonReproduction, type KexRound, type Reproduction } from './reproduce';

export interface PacketReproductions {
  mac?: Reproduction;
  decryption?: Reproduction;
}

const NEWKEYS = 21;
/** `echo HEX` stays well under Linux's 128 KiB limit for one argument; longer goes through python. */
const MAX_ECHO_HEX = 100_000;

const HMAC_HASH: Record<string, string> = { 'hmac-sha1': 'sha1', 'hmac-sha2-256': 'sha256', 'hmac-sha2-512': 'sha512' };

/** What a packet's reproduction needs: its bytes, its keys, and how far its direction had come. */
export interface PacketContext {
  entry: TraceEntry;
  dir: 'client to server' | 'server to client';
  letters: { iv: string; enc: string; mac: string };
  iv: Uint8Array;
  encKey: Uint8Array;
  macKey: Uint8Array;
  /** Bytes of AES-CTR keystream used by this direction's earlier packets under these keys. */
  keystreamOffset: number;
  /** Packets sealed under these keys before this one (the GCM invocation counter moved this far). */
  earlier: number;
  /** The MAC or tag length on the wire. */
  macLength: number;
}

/**
 * The commands for an encrypted packet step, as the endpoint that sealed it did (or, when sshscope
 * did not run the sender, as the receiver opened it). Nothing for clear packets or injected ones.
 */
export function packetReproductions(steps: readonly Step[], step: MessageStep): PacketReproductions {
  const ctx = packetContext(steps, step);
  if (!ctx) return {};
  const cipher = ctx.entry.cipher ?? '';
  if (cipher === 'chacha20-poly1305@openssh.com') return chacha(ctx);
  if (/^aes(128|256)-gcm@openssh\.com$/.test(cipher)) return gcm(ctx, cipher);
  if (/^aes(128|192|256)-ctr$/.test(cipher)) return ctr(ctx, cipher);
  return {};
}

/** Where each packet of one direction stood, as one endpoint handled it: one pass, then cached. */
interface Positions {
  /** NEWKEYS seen in this direction before the packet at each step index (-1: no packet there). */
  newKeys: Int32Array;
  /** AES-CTR keystream bytes used by earlier packets under the same keys. */
  offset: Float64Array;
  /** Packets sealed under the same keys before it. */
  earlier: Int32Array;
}

// Keyed by the session's steps: walking a 100,000-step session for every packet shown would cost
// tens of milliseconds per step; one walk per direction does not.
const positionCache = new WeakMap<readonly Step[], Map<string, Positions>>();
const roundCache = new WeakMap<readonly Step[], Map<Party, KexRound[]>>();

function positions(steps: readonly Step[], flow: 'c2s' | 's2c', side: 'sent' | 'received'): Positions {
  let bySteps = positionCache.get(steps);
  if (!bySteps) positionCache.set(steps, (bySteps = new Map()));
  const key = `${flow} ${side}`;
  const cached = bySteps.get(key);
  if (cached) return cached;
  const p: Positions = { newKeys: new Int32Array(steps.length).fill(-1), offset: new Float64Array(steps.length), earlier: new Int32Array(steps.length) };
  let newKeys = 0;
  let offset = 0;
  let earlier = 0;
  for (const s of steps) {
    if (s.kind !== 'message' || s.flow !== flow) continue;
    const e = side === 'sent' ? s.sent : s.received;
    if (!e || e.kind !== 'packet') continue;
    p.newKeys[s.index] = newKeys;
    p.offset[s.index] = offset;
    p.earlier[s.index] = earlier;
    if (e.number === NEWKEYS) {
      // Keys change after NEWKEYS (itself sent under the old ones).
      newKeys += 1;
      offset = 0;
      earlier = 0;
    } else {
      offset += e.layout?.encrypted?.length ?? 0;
      earlier += 1;
    }
  }
  bySteps.set(key, p);
  return p;
}

function roundsWithKeys(steps: readonly Step[], party: Party): KexRound[] {
  let byParty = roundCache.get(steps);
  if (!byParty) roundCache.set(steps, (byParty = new Map()));
  let r = byParty.get(party);
  if (!r) byParty.set(party, (r = kexRounds(steps, party).filter((x) => Object.keys(x.keys).length > 0)));
  return r;
}

/** The keys and position of an encrypted packet step (undefined: clear, injected, or keys unknown). Shared with the MAC anatomy. */
export function packetContext(steps: readonly Step[], step: MessageStep): PacketContext | undefined {
  const entry = step.sent ?? step.received;
  if (!entry || entry.kind !== 'packet' || !entry.encrypted || !entry.layout || step.tampered === 'injected') return undefined;
  const sender: Party = step.flow === 'c2s' ? 'client' : 'server';
  // As the endpoint that sealed it, or, when sshscope did not run that one, as the receiver opened it.
  const side = step.sent ? 'sent' : 'received';
  const party: Party = side === 'sent' ? sender : sender === 'client' ? 'server' : 'client';
  const at = positions(steps, step.flow, side);
  const newKeys = at.newKeys[step.index];
  // The n-th NEWKEYS in a direction switches it to the n-th set of derived keys.
  const keys = roundsWithKeys(steps, party)[newKeys - 1]?.keys;
  if (!keys) return undefined;
  const letters = sender === 'client' ? { iv: 'A', enc: 'C', mac: 'E' } : { iv: 'B', enc: 'D', mac: 'F' };
  const get = (l: string) => keys[l as keyof typeof keys]?.value;
  const iv = get(letters.iv);
  const encKey = get(letters.enc);
  const macKey = get(letters.mac);
  if (!iv || !encKey || !macKey) return undefined;
  return {
    entry,
    dir: sender === 'client' ? 'client to server' : 'server to client',
    letters,
    iv,
    encKey,
    macKey,
    keystreamOffset: at.offset[step.index],
    earlier: at.earlier[step.index],
    macLength: entry.layout.mac?.length ?? 0,
  };
}

/** The wire bytes without the MAC/tag, and the MAC/tag. */
function split(ctx: PacketContext): { authed: Uint8Array; tag: Uint8Array } {
  const w = ctx.entry.wire;
  return { authed: w.subarray(0, w.length - ctx.macLength), tag: w.subarray(w.length - ctx.macLength) };
}

function seqLine(ctx: PacketContext): string {
  return `seq = ${ctx.entry.seq ?? 0}  # this packet's sequence number (RFC 4253 §6.4)`;
}

function keyLine(name: string, letter: string, bytes: Uint8Array, what: string): string {
  return `${name} = ${pyBytes(bytes)}  # key ${letter}: ${what}`;
}

function what(ctx: PacketContext, value: string): string {
  return `${value} of ${ctx.entry.name} (${ctx.dir}, sequence number ${ctx.entry.seq ?? 0}, ${ctx.entry.cipher}${
    ctx.entry.mac && ctx.entry.mac !== '<implicit>' ? ` with ${ctx.entry.mac}` : ''
  })`;
}

const PLAINTEXT = 'the plaintext packet (packet_length || padding_length || payload || padding) in lower-case hex';

// ---------------------------------------------------------------------------------------------
// chacha20-poly1305@openssh.com
// ---------------------------------------------------------------------------------------------

function chacha(ctx: PacketContext): PacketReproductions {
  const { authed } = split(ctx);
  const hex = toHex(authed);
  const common = [
    'from cryptography.hazmat.primitives.ciphers import Cipher, algorithms',
    keyLine('key', ctx.letters.enc, ctx.encKey, `encryption key, ${ctx.dir} (64 bytes)`),
    'K_2, K_1 = key[:32], key[32:]  # K_2 encrypts the rest and keys Poly1305; K_1 encrypts only packet_length',
    seqLine(ctx),
    `wire = bytes.fromhex("${hex.slice(0, 8)}" "${hex.slice(8)}")  # encrypted packet_length || encrypted rest, as on the wire (tag left off)`,
    'def chacha(k, block):',
    "    # OpenSSH's construction uses the original ChaCha20: a 64-bit block counter and a 64-bit nonce, the",
    '    # sequence number big-endian. cryptography takes 16 bytes: block counter (little-endian) || nonce.',
    '    return Cipher(algorithms.ChaCha20(k, block.to_bytes(8, "little") + seq.to_bytes(8, "big")), mode=None).encryptor()',
  ];
  return {
    mac: pythonReproduction('tag', what(ctx, 'The Poly1305 tag'), 'the 16-byte tag in lower-case hex', [
      'from cryptography.hazmat.primitives.poly1305 import Poly1305',
      ...common,
      'poly_key = chacha(K_2, 0).update(bytes(32))  # the Poly1305 key: the first 32 bytes of K_2 at block 0',
      'print(Poly1305.generate_tag(poly_key, wire).hex())  # over encrypted packet_length || ciphertext',
    ]),
    decryption: pythonReproduction('decryption', what(ctx, 'The decryption'), PLAINTEXT, [
      ...common,
      'packet_length = chacha(K_1, 0).update(wire[:4])',
      'rest = chacha(K_2, 1).update(wire[4:])  # from block 1: block 0 of K_2 made the Poly1305 key',
      'print((packet_length + rest).hex())',
    ]),
  };
}

// ---------------------------------------------------------------------------------------------
// aes128-gcm@openssh.com, aes256-gcm@openssh.com
// ---------------------------------------------------------------------------------------------

function gcm(ctx: PacketContext, cipher: string): PacketReproductions {
  const { authed, tag } = split(ctx);
  const common = [
    'from cryptography.hazmat.primitives.ciphers.aead import AESGCM',
    keyLine('key', ctx.letters.enc, ctx.encKey, `encryption key, ${ctx.dir}`),
    keyLine('iv', ctx.letters.iv, ctx.iv, 'initial IV: 4-byte fixed field || 8-byte invocation counter (RFC 5647 §7.1)'),
    `invocation = (int.from_bytes(iv[4:], "big") + ${ctx.earlier}) % 2**64  # +1 per packet: ${ctx.earlier} sealed before this one under these keys`,
    'nonce = iv[:4] + invocation.to_bytes(8, "big")  # the sequence number is no input to AES-GCM',
    `aad = ${pyBytes(authed.subarray(0, 4))}  # packet_length, sent in clear: the additional authenticated data`,
    `ciphertext = ${pyBytes(authed.subarray(4))}`,
  ];
  return {
    mac: pythonReproduction('tag', what(ctx, 'The AES-GCM tag'), 'the 16-byte tag in lower-case hex', [
      'from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes',
      ...common,
      '# GCM encrypts with AES-CTR from counter block nonce || 00000002 (NIST SP 800-38D §7.1): undo that for',
      '# the plaintext, then let AESGCM seal it again, which computes the tag over the AAD and the ciphertext.',
      'd = Cipher(algorithms.AES(key), modes.CTR(nonce + (2).to_bytes(4, "big"))).decryptor()',
      'plaintext = d.update(ciphertext) + d.finalize()',
      'print(AESGCM(key).encrypt(nonce, plaintext, aad)[-16:].hex())',
    ]),
    decryption: pythonReproduction('decryption', what(ctx, `The ${cipher} decryption`), PLAINTEXT, [
      ...common,
      `tag = ${pyBytes(tag)}`,
      'print((aad + AESGCM(key).decrypt(nonce, ciphertext + tag, aad)).hex())  # decrypt checks the tag first',
    ]),
  };
}

// ---------------------------------------------------------------------------------------------
// aes128-ctr, aes192-ctr, aes256-ctr with an HMAC (or UMAC), E&M or EtM
// ---------------------------------------------------------------------------------------------

function ctr(ctx: PacketContext, cipher: string): PacketReproductions {
  const mac = ctx.entry.mac ?? '';
  const etm = mac.endsWith('-etm@openssh.com');
  const { authed, tag } = split(ctx);
  // E&M encrypts the whole packet; EtM leaves packet_length in clear.
  const encrypted = etm ? authed.subarray(4) : authed;
  const blocks = ctx.keystreamOffset / 16;
  const decryptLines = [
    'from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes',
    keyLine('enc_key', ctx.letters.enc, ctx.encKey, `encryption key, ${ctx.dir}`),
    keyLine('iv', ctx.letters.iv, ctx.iv, 'initial IV: the first counter block (RFC 4344 §4)'),
    `counter = (int.from_bytes(iv, "big") + ${blocks}) % 2**128  # the counter runs on: ${ctx.keystreamOffset} bytes (${blocks} blocks) went to earlier packets`,
    ...(etm ? [`packet_length = ${pyBytes(authed.subarray(0, 4))}  # in clear under encrypt-then-MAC`] : []),
    `ciphertext = ${pyBytes(encrypted)}  # ${etm ? 'everything after packet_length' : 'the whole packet, packet_length included'} (MAC left off)`,
    'd = Cipher(algorithms.AES(enc_key), modes.CTR(counter.to_bytes(16, "big"))).decryptor()',
    `packet = ${etm ? 'packet_length + ' : ''}d.update(ciphertext) + d.finalize()`,
  ];
  const out: PacketReproductions = {};
  const hashName = HMAC_HASH[mac.replace(/-etm@openssh\.com$/, '')];
  if (hashName) {
    const macLines = etm
      ? [
          'import hashlib, hmac',
          keyLine('mac_key', ctx.letters.mac, ctx.macKey, `integrity key, ${ctx.dir}`),
          seqLine(ctx),
          `wire = bytes.fromhex("${toHex(authed.subarray(0, 4))}" "${toHex(authed.subarray(4))}")  # packet_length || ciphertext, as on the wire`,
          '# encrypt-then-MAC (OpenSSH PROTOCOL §1.5): the MAC covers the wire bytes, nothing needs decrypting',
          `print(hmac.new(mac_key, seq.to_bytes(4, "big") + wire, hashlib.${hashName}).hexdigest()[:${ctx.macLength * 2}])`,
        ]
      : [
          'import hashlib, hmac',
          ...decryptLines,
          keyLine('mac_key', ctx.letters.mac, ctx.macKey, `integrity key, ${ctx.dir}`),
          seqLine(ctx),
          '# encrypt-and-MAC (RFC 4253 §6.4): the MAC covers the plaintext packet, so decrypt first',
          `print(hmac.new(mac_key, seq.to_bytes(4, "big") + packet, hashlib.${hashName}).hexdigest()[:${ctx.macLength * 2}])`,
        ];
    out.mac = pythonReproduction('MAC', what(ctx, `The ${mac} MAC`), `the ${ctx.macLength}-byte MAC in lower-case hex`, macLines);
  } else if (mac.startsWith('umac-')) {
    out.mac = {
      label: 'MAC',
      tool: 'none',
      command: '',
      note:
        `No standard tool computes ${mac}: UMAC (RFC 4418) is in neither python's cryptography nor the openssl ` +
        "command line. sshscope's UMAC is checked against RFC 4418's test vectors instead. The MAC on the wire is " +
        toHex(tag) +
        '.',
    };
  }
  const hex = toHex(encrypted);
  if (ctx.keystreamOffset === 0 && hex.length <= MAX_ECHO_HEX) {
    // The first packet under new keys starts at the IV itself: openssl can do it alone.
    const bits = cipher.slice(3, 6);
    const prints = PLAINTEXT;
    const line = `echo ${hex} | xxd -r -p | openssl enc -d -aes-${bits}-ctr -K ${toHex(ctx.encKey)} -iv ${toHex(ctx.iv)} -nopad | xxd -p | tr -d '\\n'; echo`;
    out.decryption = {
      label: 'decryption',
      tool: 'openssl',
      command: [
        header(what(ctx, `The ${cipher} decryption`), 'openssl', prints),
        `# -K is key ${ctx.letters.enc}, -iv is key ${ctx.letters.iv} (the first packet under these keys starts the counter at the IV).`,
        etm ? `# packet_length (${toHex(authed.subarray(0, 4))}) is sent in clear under encrypt-then-MAC; the rest is decrypted.` : '# encrypt-and-MAC: the whole packet is encrypted, packet_length included.',
        etm ? `printf %s ${toHex(authed.subarray(0, 4))}; ${line}` : line,
      ].join('\n'),
      note: `prints ${prints}`,
    };
  } else {
    out.decryption = pythonReproduction('decryption', what(ctx, `The ${cipher} decryption`), PLAINTEXT, [...decryptLines, 'print(packet.hex())']);
  }
  return out;
}
