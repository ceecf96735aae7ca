const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
/** closingQuote's answer when the buffer ends before it can tell. */
const NEED_MORE = -1;

/**
 * Finds where CSV records end in a buffer of bytes: at CRLF, LF or a lone CR outside quoted fields.
 * A field is quoted when it starts with `"`; `""` inside it is a quote; a quote anywhere else is
 * literal (as Excel reads it). The bytes are searched with `indexOf` and the next LF, CR and quote
 * positions are remembered, so a buffer is scanned about once whatever its records' lengths.
 */
export class CsvRecordFinder {
  /** Where the record found last ends, before its line break. */
  contentEnd = 0;
  /** Where the record after it starts. */
  next = 0;
  /** The record found last reaches the end of the file inside a quoted field. */
  unclosedQuote = false;

  private buffer: Uint8Array = new Uint8Array(0);
  private atEnd = false;
  private lf = -1;
  private cr = -1;
  private quote = -1;

  constructor(private readonly delimiter: number) {}

  /** Searches `buffer` from now on; `atEnd` when it reaches the end of the file. */
  reset(buffer: Uint8Array, atEnd: boolean): void {
    this.buffer = buffer;
    this.atEnd = atEnd;
    this.lf = this.cr = this.quote = -1;
  }

  /** Finds the end of the record that starts at `start`: false when the buffer ends before it does. */
  find(start: number): boolean {
    const buffer = this.buffer;
    this.unclosedQuote = false;
    let at = start;
    for (;;) {
      const lf = this.nextLf(at);
      const cr = this.nextCr(at);
      const quote = this.nextQuote(at);
      const lineEnd = Math.min(lf, cr);
      if (quote < lineEnd) {
        if (quote !== start && buffer[quote - 1] !== this.delimiter) {
          at = quote + 1; // a literal quote inside an unquoted field
          continue;
        }
        const close = this.closingQuote(quote + 1);
        if (close === NEED_MORE) return false;
        if (close === buffer.length) {
          this.unclosedQuote = true;
          this.contentEnd = this.next = close;
          return true;
        }
        at = close + 1;
        continue;
      }
      if (lineEnd === buffer.length) {
        if (!this.atEnd) return false;
        this.contentEnd = this.next = lineEnd;
        return true;
      }
      if (lineEnd === cr) {
        if (cr + 1 === buffer.length && !this.atEnd) return false; // is it CRLF?
        this.next = buffer[cr + 1] === LF ? cr + 2 : cr + 1;
      } else {
        this.next = lf + 1;
      }
      this.contentEnd = lineEnd;
      return true;
    }
  }

  /**
   * The quote that closes a quoted field whose text starts at `from`: the buffer's length when none
   * does before the end of the file, NEED_MORE when the buffer ends first.
   */
  private closingQuote(from: number): number {
    const length = this.buffer.length;
    for (let at = from; ; ) {
      const quote = this.nextQuote(at);
      if (quote === length) return this.atEnd ? length : NEED_MORE;
      if (quote + 1 === length) return this.atEnd ? quote : NEED_MORE;
      if (this.buffer[quote + 1] !== QUOTE) return quote;
      at = quote + 2; // "" is a quote inside the field
    }
  }

  private nextLf(from: number): number {
    if (this.lf < from) this.lf = this.search(LF, from);
    return this.lf;
  }

  private nextCr(from: number): number {
    if (this.cr < from) this.cr = this.search(CR, from);
    return this.cr;
  }

  private nextQuote(from: number): number {
    if (this.quote < from) this.quote = this.search(QUOTE, from);
    return this.quote;
  }

  /** The position of `byte` from `from`, or the buffer's length when there is none. */
  private search(byte: number, from: number): number {
    const found = this.buffer.indexOf(byte, from);
    return found === -1 ? this.buffer.length : found;
  }
}
