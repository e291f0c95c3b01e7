/** The one error decoders throw: says which field and at which byte offset. */
export class DecodeError extends Error {
  readonly field: string;
  readonly offset: number;
  constructor(field: string, offset: number, problem: string) {
    super(`${field} at byte ${offset}: ${problem}`);
    this.name = 'DecodeError';
    this.field = field;
    this.offset = offset;
  }
}
