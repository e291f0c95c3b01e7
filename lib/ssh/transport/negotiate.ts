// Algorithm negotiation (RFC 4253 §7.1): for each category, the first algorithm on the client's
// list that the server also lists. One short function; the explanation is for the UI.

export interface KexInitLists {
  kex_algorithms: string[];
  server_host_key_algorithms: string[];
  encryption_algorithms_client_to_server: string[];
  encryption_algorithms_server_to_client: string[];
  mac_algorithms_client_to_server: string[];
  mac_algorithms_server_to_client: string[];
  compression_algorithms_client_to_server: string[];
  compression_algorithms_server_to_client: string[];
  first_kex_packet_follows: boolean;
}

export type Category =
  | 'kex'
  | 'hostKey'
  | 'cipherC2S'
  | 'cipherS2C'
  | 'macC2S'
  | 'macS2C'
  | 'compressionC2S'
  | 'compressionS2C';

export interface Choice {
  category: Category;
  field: keyof KexInitLists;
  chosen: string | null;
  client: string[];
  server: string[];
  explanation: string;
}

export interface Negotiated {
  kex: string;
  hostKey: string;
  cipherC2S: string;
  cipherS2C: string;
  macC2S: string;
  macS2C: string;
  compressionC2S: string;
  compressionS2C: string;
  choices: Choice[];
}

export type NegotiationResult =
  | { ok: true; negotiated: Negotiated }
  /** `choices`: the categories decided before the failing one, then the failing `choice`. */
  | { ok: false; choice: Choice; reason: string; choices: Choice[] };

/** Names that signal features inside kex_algorithms; never chosen as a method. */
export const PSEUDO_KEX = new Set([
  'ext-info-c',
  'ext-info-s',
  'kex-strict-c-v00@openssh.com',
  'kex-strict-s-v00@openssh.com',
]);

/** The KEXINIT categories in order, with the field each list is in; `title` for messages, `label` for narrow UI. */
export const KEXINIT_CATEGORIES: readonly { category: Category; field: keyof KexInitLists; title: string; label: string }[] = [
  { category: 'kex', field: 'kex_algorithms', title: 'key exchange', label: 'key exchange' },
  { category: 'hostKey', field: 'server_host_key_algorithms', title: 'host key', label: 'host key' },
  { category: 'cipherC2S', field: 'encryption_algorithms_client_to_server', title: 'cipher client→server', label: 'cipher c→s' },
  { category: 'cipherS2C', field: 'encryption_algorithms_server_to_client', title: 'cipher server→client', label: 'cipher s→c' },
  { category: 'macC2S', field: 'mac_algorithms_client_to_server', title: 'MAC client→server', label: 'MAC c→s' },
  { category: 'macS2C', field: 'mac_algorithms_server_to_client', title: 'MAC server→client', label: 'MAC s→c' },
  { category: 'compressionC2S', field: 'compression_algorithms_client_to_server', title: 'compression client→server', label: 'compression c→s' },
  { category: 'compressionS2C', field: 'compression_algorithms_server_to_client', title: 'compression server→client', label: 'compression s→c' },
];
const categories = KEXINIT_CATEGORIES;

/** The first algorithm on the client's list that the server supports (RFC 4253 §7.1). */
export function findCommon(client: string[], server: string[], skip?: Set<string>): string | null {
  for (const name of client) {
    if (skip?.has(name)) continue;
    if (server.includes(name)) return name;
  }
  return null;
}

/**
 * `isAead` tells which ciphers carry their own tag: for those the MAC list is not used
 * (OpenSSH's aes-gcm@openssh.com and chacha20-poly1305@openssh.com).
 */
export function negotiate(client: KexInitLists, server: KexInitLists, isAead: (cipher: string) => boolean): NegotiationResult {
  const choices: Choice[] = [];
  const chosen: Partial<Record<Category, string>> = {};
  for (const { category, field, title } of categories) {
    const c = client[field] as string[];
    const s = server[field] as string[];
    if (category === 'macC2S' || category === 'macS2C') {
      const cipher = chosen[category === 'macC2S' ? 'cipherC2S' : 'cipherS2C']!;
      if (isAead(cipher)) {
        const choice: Choice = {
          category,
          field,
          chosen: '<implicit>',
          client: c,
          server: s,
          explanation: `${cipher} authenticates each packet with its own tag, so the MAC lists are not used.`,
        };
        choices.push(choice);
        chosen[category] = '<implicit>';
        continue;
      }
    }
    const pick = findCommon(c, s, category === 'kex' ? PSEUDO_KEX : undefined);
    if (pick === null) {
      const choice: Choice = {
        category,
        field,
        chosen: null,
        client: c,
        server: s,
        explanation: `no common ${title} algorithm: client offers [${c.join(', ')}], server offers [${s.join(', ')}]`,
      };
      choices.push(choice);
      return { ok: false, choice, reason: choice.explanation, choices };
    }
    const ci = c.indexOf(pick) + 1;
    const si = s.indexOf(pick) + 1;
    const skipped = c.slice(0, ci - 1).filter((n) => !(category === 'kex' && PSEUDO_KEX.has(n)));
    const why =
      skipped.length === 0
        ? `${pick} is the client's first choice (#1) and the server supports it (server's #${si}).`
        : `${pick} is the first algorithm on the client's list (#${ci}) that the server also supports (server's #${si}); ` +
          `the server does not offer ${skipped.join(', ')}.`;
    choices.push({ category, field, chosen: pick, client: c, server: s, explanation: why });
    chosen[category] = pick;
  }
  return {
    ok: true,
    negotiated: {
      kex: chosen.kex!,
      hostKey: chosen.hostKey!,
      cipherC2S: chosen.cipherC2S!,
      cipherS2C: chosen.cipherS2C!,
      macC2S: chosen.macC2S!,
      macS2C: chosen.macS2C!,
      compressionC2S: chosen.compressionC2S!,
      compressionS2C: chosen.compressionS2C!,
      choices,
    },
  };
}

/**
 * RFC 4253 §7: a guessed kex packet is right only when both sides' preferred kex and host key
 * algorithms are the same (the first entries of each list). The explanation names which of the
 * two guesses was wrong, or both, since the RFC counts either one ("and/or") as a wrong guess.
 */
export function guessIsRight(client: KexInitLists, server: KexInitLists): { right: boolean; explanation: string } {
  const ck = client.kex_algorithms[0];
  const sk = server.kex_algorithms[0];
  const ch = client.server_host_key_algorithms[0];
  const sh = server.server_host_key_algorithms[0];
  const kexWrong = ck !== sk;
  const hostKeyWrong = ch !== sh;
  if (kexWrong && hostKeyWrong) {
    return {
      right: false,
      explanation: `wrong guess of both the kex method and the host key algorithm: client prefers ${ck} with ${ch}, server prefers ${sk} with ${sh}`,
    };
  }
  if (kexWrong) return { right: false, explanation: `wrong guess of the kex method: client prefers ${ck}, server prefers ${sk}` };
  if (hostKeyWrong) {
    return {
      right: false,
      explanation: `wrong guess of the host key algorithm (the kex method ${ck} was right): client prefers ${ch}, server prefers ${sh}`,
    };
  }
  return { right: true, explanation: `right guess: both prefer ${ck} with ${ch}` };
}
