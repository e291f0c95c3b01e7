// Commands that reproduce each value of a key exchange with standard tools (python3 and its
// `cryptography` package), from the session's own inputs inlined as hex: K, H, the session id,
// keys A–F and the host key's signature of H. So a reader never has to take sshscope's word.
//
// Pure (no Node imports): the viewer builds these in the browser. The scripts use only what
// Debian 12's python3-cryptography (38.0.4) and the Python standard library have.

import type { ComputationStep, Party, Step } from '../session/session';
import { kexAlgorithms } from '../ssh/algorithms/kex';
import type { HashInput } from '../ssh/algorithms/kex/exchangeHash';
import type { KeyLetter } from '../ssh/kdf';
import type { Computation } from '../ssh/transport/events';
import type { Negotiated } from '../ssh/transport/negotiate';
import { Reader } from '../ssh/wire/reader';
import { toHex } from './format';

export interface Reproduction {
  /** What it reproduces, as the viewer names it: "K", "H", "session id", "key C", "signature check". */
  label: string;
  /** The tool that runs it; 'none' when no standard tool can (then `command` is empty). */
  tool: 'python3' | 'openssl' | 'none';
  /** The whole command to paste into a shell: comment lines, then the command. */
  command: string;
  /** python3 only: the script the command feeds to `python3 -` (lets a test run many in one process). */
  script?: string;
  /** What the output is: "lower-case hex of the mpint K", "OK or FAIL"; or why there is no command. */
  note: string;
}

type Of<N extends Computation['name']> = Extract<Computation, { name: N }>;

/** The values of one key exchange as one endpoint computed them (a rekey starts a new round). */
export interface KexRound {
  party: Party;
  /** Index of the round's first step (its negotiation). */
  start: number;
  negotiated?: Negotiated;
  ephemeral?: Of<'ephemeral key'>;
  K?: Of<'K'>;
  H?: Of<'H'>;
  sessionId?: Of<'session_id'>;
  signature?: Of<'signature'>;
  keys: Partial<Record<KeyLetter, Of<'key'>>>;
}

/** The party's key exchanges in order, split where a negotiation starts a new one (as the state fold does). */
export function kexRounds(steps: readonly Step[], party: Party): KexRound[] {
  const rounds: KexRound[] = [];
  let cur: KexRound | undefined;
  for (const s of steps) {
    if (s.kind !== 'computation' || s.by !== party) continue;
    for (const c of (s as ComputationStep).computations) {
      if (c.name === 'negotiation' || !cur) {
        // A client that guessed made its ephemeral key before the negotiation; a right guess uses it
        // (a wrong one makes a new key, which replaces it below).
        const guessed = cur?.ephemeral && !cur.K ? cur.ephemeral : undefined;
        cur = { party, start: s.index, keys: {}, ...(guessed ? { ephemeral: guessed } : {}) };
        rounds.push(cur);
      }
      switch (c.name) {
        case 'negotiation':
          cur.negotiated = c.negotiated;
          break;
        case 'ephemeral key':
          cur.ephemeral = c;
          break;
        case 'K':
          cur.K = c;
          break;
        case 'H':
          cur.H = c;
          break;
        case 'session_id':
          cur.sessionId = c;
          break;
        case 'signature':
          cur.signature = c;
          break;
        case 'key':
          cur.keys[c.letter] = c;
          break;
      }
    }
  }
  return rounds;
}

export interface KexReproductions {
  K?: Reproduction;
  H?: Reproduction;
  sessionId?: Reproduction;
  signature?: Reproduction;
  keys: Partial<Record<KeyLetter, Reproduction>>;
}

/**
 * The commands for the values `party` holds after step `index`: those of its key exchange under
 * way at that step (K needs the peer's public value, read off H's inputs of the same round, so
 * the whole round is used even when `index` is before H).
 */
export function kexReproductions(steps: readonly Step[], party: Party, index: number): KexReproductions {
  return roundReproductions(kexRounds(steps, party), index);
}

/** kexReproductions over rounds already split (the viewer splits once per session, not once per step). */
export function roundReproductions(rounds: readonly KexRound[], index: number): KexReproductions {
  const round = rounds.filter((r) => r.start <= index).at(-1);
  const out: KexReproductions = { keys: {} };
  if (!round) return out;
  const party = round.party;
  const first = rounds.find((r) => r.sessionId && r.H);
  const sessionH = first?.H;
  out.K = reproduceK(round);
  if (round.H) out.H = reproduceH(round.H, party, 'H');
  if (first && sessionH && first.start <= index) out.sessionId = reproduceH(sessionH, party, 'session id');
  if (round.H && round.signature) out.signature = reproduceSignature(round.H, round.signature);
  if (round.K && round.H && sessionH) {
    for (const [letter, key] of Object.entries(round.keys) as [KeyLetter, Of<'key'>][]) {
      if (key.value.length > 0) out.keys[letter] = reproduceKey(round.H.hash, round.K.value, round.H.value, sessionH.value, key, party);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Building blocks shared with reproducePacket.ts
// ---------------------------------------------------------------------------------------------

/** A Python bytes literal of `b`. */
export function pyBytes(b: Uint8Array): string {
  return `bytes.fromhex("${toHex(b)}")`;
}

const TOOLS = {
  python3: 'Needs python3 with the cryptography package (Debian: python3-cryptography).',
  openssl: 'Needs openssl 3 and xxd.',
};

/** The comment lines every command starts with: what it reproduces, and where the inputs come from. */
export function header(what: string, tool: 'python3' | 'openssl', prints: string): string {
  return [
    `# ${what}, recomputed from this session's own inputs (inlined below as hex).`,
    `# sshscope recordings keep the ephemeral private keys on purpose, so every value of a session can be checked.`,
    `# ${TOOLS[tool]} Prints ${prints}.`,
  ].join('\n');
}

/** A python3 command: the header, then the script as a here-document (quoted: the shell expands nothing). */
export function pythonReproduction(label: string, what: string, prints: string, lines: string[]): Reproduction {
  const script = lines.join('\n');
  return {
    label,
    tool: 'python3',
    command: `${header(what, 'python3', prints)}\npython3 - <<'EOF'\n${script}\nEOF`,
    script,
    note: `prints ${prints}`,
  };
}

/** Python lines defining mpint(n): RFC 4251 §5, a uint32 length then the minimal two's-complement bytes. */
const MPINT_DEF = [
  'def mpint(n):  # RFC 4251 §5: uint32 length || big-endian bytes, a leading 0x00 when the top bit is set',
  '    b = n.to_bytes((n.bit_length() + 8) // 8, "big") if n else b""',
  '    return len(b).to_bytes(4, "big") + b',
];

const ROLE: Record<Party, string> = { client: 'the client', server: 'the server' };
const OTHER: Record<Party, Party> = { client: 'server', server: 'client' };

/** The input of H named `name`, if the round hashed one. */
function input(h: Of<'H'>, name: string): HashInput | undefined {
  return h.inputs.find((i) => i.name === name);
}

/** The contents of a string or mpint input (without its length); a uint32 as it is. */
function body(i: HashInput): Uint8Array {
  return i.type === 'uint32' ? i.bytes : i.bytes.subarray(4);
}

// ---------------------------------------------------------------------------------------------
// K
// ---------------------------------------------------------------------------------------------

const CURVES: Record<string, { py: string; title: string }> = {
  'ecdh-sha2-nistp256': { py: 'SECP256R1', title: 'P-256' },
  'ecdh-sha2-nistp384': { py: 'SECP384R1', title: 'P-384' },
  'ecdh-sha2-nistp521': { py: 'SECP521R1', title: 'P-521' },
};

function reproduceK(round: KexRound): Reproduction | undefined {
  const { party, negotiated, ephemeral, K, H } = round;
  if (!negotiated || !ephemeral || !K || !H) return undefined;
  const method = kexAlgorithms[negotiated.kex];
  if (!method) return undefined;
  const me = party === 'client' ? 'C' : 'S';
  const peer = party === 'client' ? 'S' : 'C';
  const what = `K, the shared secret ${ROLE[party]} computed (${negotiated.kex})`;
  const prints = 'K as the mpint that enters H and the key derivation, in lower-case hex';
  if (method.family === 'hybrid') {
    // draft-ietf-sshm-mlkem-hybrid-kex-10 §2.4 (and RFC 9941 §3 for
    // sntrup761): K = HASH(K_PQ || K_CL), as a string. Neither ML-KEM nor sntrup761 is in Debian 12's
    // python3-cryptography or OpenSSL 3.0, so K_PQ is taken from the session (as decapsulated /
    // encapsulated by sshscope); K_CL and the combination are recomputed.
    const K_PQ = K.parts?.find((x) => x.name === 'K_PQ');
    const peerInput = input(H, party === 'client' ? 'S_REPLY' : 'C_INIT');
    if (!K_PQ || !peerInput) return undefined;
    const x25519 = method.name.includes('x25519');
    const kem = method.name.startsWith('sntrup') ? 'sntrup761' : 'ML-KEM';
    const curve = method.name.includes('nistp384') ? { py: 'SECP384R1', bytes: 48 } : { py: 'SECP256R1', bytes: 32 };
    const privLength = x25519 ? 32 : curve.bytes;
    const pubLength = (party === 'client' ? method.reply : method.init)[1].length;
    const peerBody = body(peerInput);
    const d = ephemeral.privateKey.subarray(ephemeral.privateKey.length - privLength);
    const peerPk = peerBody.subarray(peerBody.length - pubLength);
    const hashName = method.hash === 'sha384' ? 'sha384' : method.hash === 'sha512' ? 'sha512' : 'sha256';
    return pythonReproduction('K', what, 'K as the string (uint32 length || HASH output) that enters H and the key derivation, in lower-case hex', [
      'import hashlib',
      x25519
        ? 'from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey'
        : 'from cryptography.hazmat.primitives.asymmetric import ec',
      `K_PQ = ${pyBytes(K_PQ.value)}  # the ${kem} shared secret, from this session: no standard tool here has ${kem}`,
      `d = ${pyBytes(d)}  # ${ROLE[party]}'s ephemeral ECDH private key (the classical half)`,
      `peer = ${pyBytes(peerPk)}  # ${ROLE[OTHER[party]]}'s ECDH public key: the last ${pubLength} bytes of ${party === 'client' ? 'S_REPLY' : 'C_INIT'}`,
      x25519
        ? 'K_CL = X25519PrivateKey.from_private_bytes(d).exchange(X25519PublicKey.from_public_bytes(peer))'
        : `K_CL = ec.derive_private_key(int.from_bytes(d, "big"), ec.${curve.py}()).exchange(ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(ec.${curve.py}(), peer))`,
      `K = hashlib.${hashName}(K_PQ + K_CL).digest()  # both secrets as fixed-length bytes, not mpints`,
      'print((len(K).to_bytes(4, "big") + K).hex())  # a string: uint32 length || bytes',
    ]);
  }
  if (method.family === 'ecdh') {
    const Q = input(H, `Q_${peer}`);
    if (!Q) return undefined;
    const reply = `SSH_MSG_KEX_ECDH_${party === 'client' ? 'REPLY' : 'INIT'}`;
    const head = [
      `d_${me} = ${pyBytes(ephemeral.privateKey)}  # ${ROLE[party]}'s ephemeral private key`,
      `Q_${peer} = ${pyBytes(body(Q))}  # ${ROLE[OTHER[party]]}'s ephemeral public key, from ${reply}`,
    ];
    if (method.name.startsWith('curve25519')) {
      return pythonReproduction('K', what, prints, [
        'from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey',
        ...MPINT_DEF,
        ...head,
        `shared = X25519PrivateKey.from_private_bytes(d_${me}).exchange(X25519PublicKey.from_public_bytes(Q_${peer}))`,
        '# RFC 8731 §3: the 32 bytes are read as an unsigned big-endian number, encoded as mpint',
        'print(mpint(int.from_bytes(shared, "big")).hex())',
      ]);
    }
    const curve = CURVES[method.name];
    if (!curve) return undefined;
    return pythonReproduction('K', what, prints, [
      'from cryptography.hazmat.primitives.asymmetric import ec',
      ...MPINT_DEF,
      ...head,
      `key = ec.derive_private_key(int.from_bytes(d_${me}, "big"), ec.${curve.py}())`,
      `peer = ec.EllipticCurvePublicKey.from_encoded_point(ec.${curve.py}(), Q_${peer})  # checks the point is on ${curve.title}`,
      '# RFC 5656 §4: K is the x-coordinate of the shared point, encoded as mpint',
      'print(mpint(int.from_bytes(key.exchange(ec.ECDH(), peer), "big")).hex())',
    ]);
  }
  // Finite-field DH (RFC 4253 §8) and group exchange (RFC 4419): K = peer^x mod p.
  const peerName = party === 'client' ? 'f' : 'e';
  const mine = party === 'client' ? 'x' : 'y';
  const peerValue = input(H, peerName);
  if (!peerValue) return undefined;
  let p: string;
  let g: string;
  if (method.family === 'dh-gex') {
    const pi = input(H, 'p');
    const gi = input(H, 'g');
    if (!pi || !gi) return undefined;
    p = `int("${toHex(body(pi))}", 16)  # the group the server chose, from SSH_MSG_KEX_DH_GEX_GROUP`;
    g = `int("${toHex(body(gi))}", 16)`;
  } else {
    const group = method.family === 'dh' ? method.group : undefined;
    if (!group) return undefined;
    p = `int("${group.p.toString(16)}", 16)  # ${group.name ?? 'the fixed group'}`;
    g = String(group.g);
  }
  const msg =
    method.family === 'dh-gex'
      ? `SSH_MSG_KEX_DH_GEX_${party === 'client' ? 'REPLY' : 'INIT'}`
      : `SSH_MSG_KEXDH_${party === 'client' ? 'REPLY' : 'INIT'}`;
  return pythonReproduction('K', what, prints, [
    ...MPINT_DEF,
    `p = ${p}`,
    `g = ${g}  # the generator (not needed for K; ${party === 'client' ? 'e = g^x' : 'f = g^y'} mod p)`,
    `${mine} = int("${toHex(ephemeral.privateKey)}", 16)  # ${ROLE[party]}'s ephemeral private exponent`,
    `${peerName} = int("${toHex(body(peerValue))}", 16)  # ${ROLE[OTHER[party]]}'s public value, from ${msg}`,
    `assert 1 < ${peerName} < p - 1  # RFC 4253 §8: ${peerName} must lie in [1, p-1]; 1 and p-1 would give a trivial K`,
    `print(mpint(pow(${peerName}, ${mine}, p)).hex())  # K = ${peerName}^${mine} mod p, as mpint`,
  ]);
}

// ---------------------------------------------------------------------------------------------
// H and the session id
// ---------------------------------------------------------------------------------------------

function reproduceH(h: Of<'H'>, party: Party, label: 'H' | 'session id'): Reproduction {
  const what =
    label === 'H'
      ? `H, the exchange hash ${ROLE[party]} computed`
      : `The session id ${ROLE[party]} keeps: the exchange hash H of the first key exchange (RFC 4253 §7.2)`;
  const lines = [
    'import hashlib',
    `h = hashlib.${h.hash}()  # HASH is the key exchange method's hash`,
    `# ${h.inputs[0]?.ref ?? 'RFC 4253 §8'}: each input exactly as it is encoded on the wire, length first; in this order`,
  ];
  for (const i of h.inputs) {
    const hex = toHex(i.bytes);
    if (i.type === 'uint32') {
      lines.push(`h.update(bytes.fromhex("${hex}"))  # ${i.name}: uint32 ${new DataView(i.bytes.buffer, i.bytes.byteOffset, 4).getUint32(0)}`);
    } else {
      const len = i.bytes.length - 4;
      lines.push(`h.update(bytes.fromhex("${hex.slice(0, 8)}" "${hex.slice(8)}"))  # ${i.name}: ${i.type}, length ${len} || ${len} byte${len === 1 ? '' : 's'}`);
    }
  }
  lines.push('print(h.hexdigest())');
  return pythonReproduction(label, what, `${label === 'H' ? 'H' : 'the session id'} in lower-case hex`, lines);
}

// ---------------------------------------------------------------------------------------------
// The host key's signature of H
// ---------------------------------------------------------------------------------------------

const ECDSA: Record<string, { curve: string; hash: string }> = {
  nistp256: { curve: 'SECP256R1', hash: 'SHA256' },
  nistp384: { curve: 'SECP384R1', hash: 'SHA384' },
  nistp521: { curve: 'SECP521R1', hash: 'SHA512' },
};

const RSA_HASH: Record<string, string> = { 'rsa-sha2-256': 'SHA256', 'rsa-sha2-512': 'SHA512', 'ssh-rsa': 'SHA1' };

const VERIFY_TAIL = ['    print("OK")', 'except InvalidSignature:', '    print("FAIL")'];

function reproduceSignature(h: Of<'H'>, sig: Of<'signature'>): Reproduction {
  const label = 'signature check';
  const what =
    sig.action === 'sign'
      ? `The server's host key signature of H (${sig.algorithm}) that the server sent, verified`
      : `The server's host key signature of H (${sig.algorithm}), verified as the client did`;
  const prints = 'OK if the signature verifies, FAIL if not';
  const KS = input(h, 'K_S');
  const none = (why: string): Reproduction => ({ label, tool: 'none', command: '', note: why });
  if (!KS) return none('no host key among the inputs of H');
  let parsed: ReturnType<typeof parseBlobs>;
  try {
    parsed = parseBlobs(body(KS), sig.signature);
  } catch (e) {
    return none(`the host key or signature blob does not parse (${(e as Error).message}), so it fails before any arithmetic`);
  }
  const { keyType, sigType, key, signature } = parsed;
  if (sigType !== sig.algorithm) return none(`the signature blob says ${sigType}, not the negotiated ${sig.algorithm}: it fails before any arithmetic`);
  const common = [
    'from cryptography.exceptions import InvalidSignature',
    `H = ${pyBytes(h.value)}  # the exchange hash: what the host key signs (RFC 4253 §8)`,
  ];
  if (keyType === 'ssh-ed25519' && sig.algorithm === 'ssh-ed25519') {
    return pythonReproduction(label, what, prints, [
      'from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey',
      ...common,
      `key = ${pyBytes(key.public_key!)}  # from K_S: string "ssh-ed25519" || string key (RFC 8709 §4)`,
      `sig = ${pyBytes(signature.blob!)}  # from the signature: string "ssh-ed25519" || string signature (RFC 8709 §6)`,
      'try:',
      '    Ed25519PublicKey.from_public_bytes(key).verify(sig, H)',
      ...VERIFY_TAIL,
    ]);
  }
  const curve = ECDSA[keyType.replace('ecdsa-sha2-', '')];
  if (keyType.startsWith('ecdsa-sha2-') && curve && sig.algorithm === keyType) {
    return pythonReproduction(label, what, prints, [
      'from cryptography.hazmat.primitives import hashes',
      'from cryptography.hazmat.primitives.asymmetric import ec',
      'from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature',
      ...common,
      `Q = ${pyBytes(key.Q!)}  # from K_S: string "${keyType}" || string "${keyType.slice(11)}" || string Q (RFC 5656 §3.1)`,
      `r = int("${signature.r!.toString(16)}", 16)  # from the signature blob: mpint r || mpint s (RFC 5656 §3.1.2)`,
      `s = int("${signature.s!.toString(16)}", 16)`,
      'try:',
      `    key = ec.EllipticCurvePublicKey.from_encoded_point(ec.${curve.curve}(), Q)`,
      `    key.verify(encode_dss_signature(r, s), H, ec.ECDSA(hashes.${curve.hash}()))  # ECDSA over ${curve.hash} of H (RFC 5656 §6.2.1)`,
      ...VERIFY_TAIL,
    ]);
  }
  const rsaHash = RSA_HASH[sig.algorithm];
  if (keyType === 'ssh-rsa' && rsaHash) {
    return pythonReproduction(label, what, prints, [
      'from cryptography.hazmat.primitives import hashes',
      'from cryptography.hazmat.primitives.asymmetric import padding, rsa',
      ...common,
      `e = int("${key.e!.toString(16)}", 16)  # from K_S: string "ssh-rsa" || mpint e || mpint n (RFC 4253 §6.6)`,
      `n = int("${key.n!.toString(16)}", 16)`,
      `sig = ${pyBytes(signature.blob!)}  # from the signature: string "${sig.algorithm}" || string signature (RFC 8332 §3)`,
      'try:',
      `    rsa.RSAPublicNumbers(e, n).public_key().verify(sig, H, padding.PKCS1v15(), hashes.${rsaHash}())  # RSASSA-PKCS1-v1_5 over ${rsaHash} of H`,
      ...VERIFY_TAIL,
    ]);
  }
  return none(`no command for a ${keyType} key with ${sig.algorithm} signatures`);
}

/** The parts of a host key blob and a signature blob (RFC 4253 §6.6) the verifiers need. Throws DecodeError. */
function parseBlobs(keyBlob: Uint8Array, sigBlob: Uint8Array) {
  const k = new Reader(keyBlob);
  const keyType = k.text('key_type');
  const key: { public_key?: Uint8Array; Q?: Uint8Array; e?: bigint; n?: bigint } = {};
  if (keyType === 'ssh-ed25519') key.public_key = k.string('public_key');
  else if (keyType.startsWith('ecdsa-sha2-')) {
    k.text('curve');
    key.Q = k.string('Q');
  } else if (keyType === 'ssh-rsa') {
    key.e = k.mpint('e');
    key.n = k.mpint('n');
  }
  const s = new Reader(sigBlob);
  const sigType = s.text('signature_type');
  const signature: { blob?: Uint8Array; r?: bigint; s?: bigint } = {};
  if (sigType.startsWith('ecdsa-sha2-')) {
    const inner = new Reader(s.string('signature_blob'));
    signature.r = inner.mpint('r');
    signature.s = inner.mpint('s');
  } else signature.blob = s.string('signature_blob');
  return { keyType, sigType, key, signature };
}

// ---------------------------------------------------------------------------------------------
// Keys A–F
// ---------------------------------------------------------------------------------------------

function reproduceKey(hash: string, K: Uint8Array, H: Uint8Array, sessionId: Uint8Array, key: Of<'key'>, party: Party): Reproduction {
  const n = key.value.length;
  return pythonReproduction(
    `key ${key.letter}`,
    `Key ${key.letter} (${key.purpose}) as ${ROLE[party]} derived it (RFC 4253 §7.2)`,
    `the ${n}-byte key in lower-case hex`,
    [
      'import hashlib',
      `K = ${pyBytes(K)}  # the shared secret as an mpint (length first), as it enters the hash`,
      `H = ${pyBytes(H)}  # the exchange hash of this key exchange`,
      `session_id = ${pyBytes(sessionId)}  # H of the first key exchange`,
      `key = hashlib.${hash}(K + H + b"${key.letter}" + session_id).digest()  # HASH(K || H || "${key.letter}" || session_id)`,
      `while len(key) < ${n}:  # too short: extend with HASH(K || H || key so far)`,
      `    key += hashlib.${hash}(K + H + key).digest()`,
      `print(key[:${n}].hex())`,
    ],
  );
}
