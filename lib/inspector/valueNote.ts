// A short note beside a decoded value that says what the number means ("reason 11" is
// SSH_DISCONNECT_BY_APPLICATION; packet_length counts the bytes that follow it).

import { disconnectReasonName } from '../ssh/messages/numbers';
import type { Field } from '../ssh/wire/field';

/** The engine's own note if it gave one, else one derived from the field's name and value. */
export function valueNote(field: Pick<Field, 'name' | 'value' | 'note'>): string | undefined {
  if (field.note) return field.note;
  const v = field.value;
  switch (field.name) {
    case 'reason_code':
      return typeof v === 'number' ? disconnectReasonName(v) : undefined;
    case 'packet_length':
      return typeof v === 'number' ? `${v} bytes follow (padding_length, payload, padding)` : undefined;
    case 'padding_length':
      return typeof v === 'number' ? `${v} bytes of random padding at the end` : undefined;
    case 'first_kex_packet_follows':
      return v === true ? 'a guessed key exchange packet follows' : v === false ? 'no guessed packet follows' : undefined;
    case 'reserved':
      return v === 0 ? 'reserved, always 0' : undefined;
    case 'min':
    case 'n':
    case 'max':
      return typeof v === 'number' ? 'bits' : undefined;
    case 'always_display':
      return v === true ? 'show this message to the user' : undefined;
    default:
      return undefined;
  }
}
