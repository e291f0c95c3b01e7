// Decode/encode any transport message by number, with its field tree.

import type { KexFamily } from '../algorithms/types';
import { DecodeError } from '../wire/errors';
import type { Field } from '../wire/field';
import { Reader } from '../wire/reader';
import { decodeLayout, encodeLayout, type MessageSpec, type MessageValues, type NestedDecoders } from './layout';
import { fixedMessageName } from './numbers';
import { authMethodCandidates, isAuthMethodNumber, specFor, type DecodeContext } from './specs';

export interface DecodedMessage {
  number: number;
  name: string;
  spec?: MessageSpec;
  values: MessageValues;
  fields: Field[];
}

export function messageName(number: number, family?: KexFamily, context?: DecodeContext): string {
  return (
    specFor(number, family, context)?.name ??
    fixedMessageName(number) ??
    (number >= 30 && number <= 49 ? `kex message ${number}` : isAuthMethodNumber(number) ? `userauth method message ${number}` : `message ${number}`)
  );
}

/** Why a method-specific number (60–79) was not decoded: what it can mean, and what would tell. */
function ambiguityNote(number: number): string | undefined {
  const c = authMethodCandidates(number);
  if (c.length === 0) return undefined;
  const list = c.map((x) => `${x.spec.name} (${x.method})`);
  const alternatives = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
  return `${alternatives}: which one depends on the authentication method in progress, not known to this decode (RFC 4252 §6)`;
}

/**
 * Decodes a payload. Messages we have no layout for decode as number + opaque data, so an
 * unknown message is still shown byte for byte; so does a method-specific user authentication
 * message (60–79) when `context` does not say which method is in progress, with a note on its
 * number naming what it can be. Throws only DecodeError.
 */
export function decodeMessage(payload: Uint8Array, base: number, nested: NestedDecoders, family?: KexFamily, context?: DecodeContext): DecodedMessage {
  if (payload.length === 0) throw new DecodeError('message_number', base, 'empty payload');
  const number = payload[0];
  const spec = specFor(number, family, context);
  if (!spec) {
    const r = new Reader(payload, base);
    r.byte('message_number', 'RFC 4250 §4.1');
    const note = isAuthMethodNumber(number) ? ambiguityNote(number) : undefined;
    if (note) r.fields[0].note = note;
    const data = r.rest('data');
    return { number, name: messageName(number, family, context), values: { data }, fields: r.fields };
  }
  const { values, fields } = decodeLayout(spec, payload, base, nested);
  return { number, name: spec.name, spec, values, fields };
}

export function encodeMessage(spec: MessageSpec, values: MessageValues): Uint8Array {
  return encodeLayout(spec, values);
}
