// Decode/encode any transport message by number, with its field tree.

import type { KexFamily } from '../algorithms/types';
import { DecodeError } from '../wire/errors';
import type { Field } from '../wire/field';
import { Reader } from '../wire/reader';
import { decodeLayout, encodeLayout, type MessageSpec, type MessageValues, type NestedDecoders } from './layout';
import { fixedMessageName } from './numbers';
import { specFor } from './specs';

export interface DecodedMessage {
  number: number;
  name: string;
  spec?: MessageSpec;
  values: MessageValues;
  fields: Field[];
}

export function messageName(number: number, family?: KexFamily): string {
  return specFor(number, family)?.name ?? fixedMessageName(number) ?? (number >= 30 && number <= 49 ? `kex message ${number}` : `message ${number}`);
}

/**
 * Decodes a payload. Messages we have no layout for decode as number + opaque data, so an
 * unknown message is still shown byte for byte. Throws only DecodeError.
 */
export function decodeMessage(payload: Uint8Array, base: number, nested: NestedDecoders, family?: KexFamily): DecodedMessage {
  if (payload.length === 0) throw new DecodeError('message_number', base, 'empty payload');
  const number = payload[0];
  const spec = specFor(number, family);
  if (!spec) {
    const r = new Reader(payload, base);
    r.byte('message_number', 'RFC 4250 §4.1');
    const data = r.rest('data');
    return { number, name: messageName(number, family), values: { data }, fields: r.fields };
  }
  const { values, fields } = decodeLayout(spec, payload, base, nested);
  return { number, name: spec.name, spec, values, fields };
}

export function encodeMessage(spec: MessageSpec, values: MessageValues): Uint8Array {
  return encodeLayout(spec, values);
}
