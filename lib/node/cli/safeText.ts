// Text from a peer or a file, made safe to print and to store as a recording's display text.
// A terminal obeys control characters: ESC starts sequences that set the window title, move the
// cursor or clear the screen, C1 characters (U+0080–U+009F) are the same sequences in one
// character, and bidirectional overrides reorder what is shown. Each such character becomes a
// visible escape, so a hostile peer can neither act on the terminal nor disguise what it sent.

/** Longest text printed for one peer string unless the caller says otherwise. */
export const SHOWN_MAX = 1000;

function needsEscape(c: number): boolean {
  return (
    c < 0x20 || // C0, including ESC, CR, LF and TAB: every field is shown on one line
    (c >= 0x7f && c <= 0x9f) || // DEL and C1 (0x9b is a one-character CSI)
    c === 0x061c || // Arabic letter mark
    c === 0x200e ||
    c === 0x200f || // left-to-right and right-to-left marks
    c === 0x2028 ||
    c === 0x2029 || // line and paragraph separators
    (c >= 0x202a && c <= 0x202e) || // bidi embeddings and overrides
    (c >= 0x2066 && c <= 0x2069) || // bidi isolates
    (c >= 0xd800 && c <= 0xdfff) // surrogates: reached only when unpaired
  );
}

function escapeOne(c: number): string {
  if (c < 0x100) return `\\x${c.toString(16).padStart(2, '0')}`;
  return `\\u{${c.toString(16)}}`;
}

/**
 * `s` with control, bidi and unpaired surrogate characters escaped (`\x1b`, `\u{202e}`), at most
 * `max` UTF-16 units long: longer text is cut at a character boundary and ends with
 * "… (N characters)", N being the length of the original. Idempotent: a backslash is left as it
 * is, so text made safe once (a recording's title, written by serve) is shown as it was stored.
 */
export function safeText(s: string, max = SHOWN_MAX): string {
  const suffix = `… (${s.length} characters)`;
  let out = '';
  // The longest prefix of output that still leaves room for the suffix.
  let fits = 0;
  for (let i = 0; i < s.length; ) {
    const c = s.codePointAt(i)!;
    const width = c > 0xffff ? 2 : 1;
    const piece = needsEscape(c) ? escapeOne(c) : s.slice(i, i + width);
    i += width;
    if (out.length + piece.length > max) return out.slice(0, fits) + suffix.slice(0, max - fits);
    out += piece;
    if (out.length + suffix.length <= max) fits = out.length;
  }
  return out;
}

/** Characters that JSON.stringify leaves as they are but a terminal acts on. */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text with DEL, C1 and bidi characters written as \u escapes: the same JSON value,
 * safe to print (JSON.stringify already escapes C0 and unpaired surrogates).
 */
export function safeJson(json: string): string {
  return json.replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
