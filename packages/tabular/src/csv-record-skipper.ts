const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** Where the skipper is in the record. */
const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote inside a quoted field: the field's end, or the first half of `""`. */
const QUOTE_IN_QUOTED = 3;
const AFTER_CR = 4;

/**
 * Follows a record too long to hold (over 1 MiB) through the bytes that come after each other, one
 * buffer at a time, until its line break: the same rules as CsvRecordFinder, kept as a state that
 * survives the end of a buffer, so nothing of the record is kept.
 */
export class CsvRecordSkipper {
  private state = FIELD_START;

  constructor(private readonly delimiter: number) {}

  /** The position in `bytes` just after the record's line break, or -1 when it goes on after them. */
  feed(bytes: Uint8Array, from: number): number {
    for (let at = from; at < bytes.length; at++) {
      const byte = bytes[at];
      const state = this.state;
      if (state === AFTER_CR) return byte === LF ? at + 1 : at;
      if (state === QUOTED) {
        const quote = bytes.indexOf(QUOTE, at);
        if (quote === -1) return -1;
        at = quote;
        this.state = QUOTE_IN_QUOTED;
        continue;
      }
      if (state === QUOTE_IN_QUOTED && byte === QUOTE) {
        this.state = QUOTED;
        continue;
      }
      if (byte === LF) return at + 1;
      if (byte === CR) this.state = AFTER_CR;
      else if (byte === this.delimiter) this.state = FIELD_START;
      else this.state = byte === QUOTE && state === FIELD_START ? QUOTED : UNQUOTED;
    }
    return -1;
  }
}
