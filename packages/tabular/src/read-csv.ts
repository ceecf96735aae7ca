import { isBlankRow } from "./blank-row";
import { CSV_DELIMITERS, detectDelimiter } from "./csv-delimiter";
import { CsvRecordFinder } from "./csv-record-finder";
import { CsvRecordSkipper } from "./csv-record-skipper";
import { recordTexts } from "./csv-record-text";
import { splitCsvRecord } from "./csv-split";
import { type ByteSource, type ReadOptions, type SheetRow, UnreadableFile } from "./sheet";

/** How much is read from the source at a time. */
const WINDOW_BYTES = 1 << 20;
/** The start of the file, where the BOM is looked for and the delimiter detected. */
const HEAD_BYTES = 64 << 10;
/** A longer record is reported and skipped without being held. */
const MAX_RECORD_BYTES = 1 << 20;
/** Records decoded and handed over together. */
const BATCH_RECORDS = 1024;
const CURSOR = /^csv1:(\d{1,15}):(\d{1,15}):(\d{1,3})$/;
const NOT_UTF8 = "is not valid UTF-8 text (save the file as CSV UTF-8)";
const TOO_LONG = "is longer than 1 MiB";

/** Where reading starts: a byte offset, the number of the record before it, the delimiter. */
interface CsvPosition {
  offset: number;
  number: number;
  delimiter: number;
}

/**
 * The rows of a CSV file (UTF-8), in batches, read in windows of 1 MiB whatever the file's size.
 * Records end at CRLF, LF or CR outside quotes; blank records are not emitted but are counted in
 * `number`. A record that is not UTF-8, is over 1 MiB or has a quote never closed is emitted with
 * `error` and no cells. The cursor holds the byte offset after the row, its number and the delimiter,
 * so a later read starts right there with the same delimiter. `windowBytes` is for tests.
 */
export async function* csvRowBatches(
  source: ByteSource,
  options: ReadOptions = {},
  windowBytes = WINDOW_BYTES,
): AsyncGenerator<SheetRow[]> {
  const start =
    options.cursor === undefined
      ? startOfFile(await source.read(0, Math.min(source.size, HEAD_BYTES)), options.delimiter)
      : parseCursor(options.cursor, source.size);
  const { delimiter } = start;
  const finder = new CsvRecordFinder(delimiter);
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const delimiterText = String.fromCharCode(delimiter);
  let buffer: Uint8Array = new Uint8Array(0);
  let base = start.offset; // the file offset of buffer[0]
  let at = 0;
  let atEnd = base >= source.size;
  let number = start.number;
  finder.reset(buffer, atEnd);

  const cursorEnd = `:${delimiter}`;
  const row = (next: number, cells: string[], error?: string): SheetRow => {
    const cursor = `csv1:${base + next}:${number}${cursorEnd}`;
    const progress = source.size === 0 ? 1 : (base + next) / source.size;
    return error === undefined
      ? { number, cells, cursor, progress }
      : { number, cells, error, cursor, progress };
  };

  for (;;) {
    if (at === buffer.length && atEnd) return;
    // The complete records in the buffer (a batch of them): start, content end, next start.
    const spans: number[] = [];
    let unclosed = -1;
    let found = at < buffer.length;
    while (at < buffer.length && spans.length < BATCH_RECORDS * 3) {
      found = finder.find(at);
      if (!found) break;
      if (finder.unclosedQuote) unclosed = spans.length;
      spans.push(at, finder.contentEnd, finder.next);
      at = finder.next;
    }
    if (spans.length > 0) {
      const texts = recordTexts(buffer, spans, decoder);
      const rows: SheetRow[] = [];
      for (let span = 0; span < spans.length; span += 3) {
        const contentLength = (spans[span + 1] ?? 0) - (spans[span] ?? 0);
        const next = spans[span + 2] ?? 0;
        const text = texts[span / 3];
        number++;
        if (span === unclosed) rows.push(row(next, [], "has a quote that is never closed"));
        else if (contentLength > MAX_RECORD_BYTES) rows.push(row(next, [], TOO_LONG));
        else if (text === undefined) rows.push(row(next, [], NOT_UTF8));
        else if (text !== "") {
          const cells = splitCsvRecord(text, delimiterText);
          if (!isBlankRow(cells)) rows.push(row(next, cells));
        }
      }
      if (rows.length > 0) yield rows;
    }
    if (found) continue;

    if (buffer.length - at > MAX_RECORD_BYTES) {
      // Too long to hold: follow it to its end, one window at a time.
      const skipper = new CsvRecordSkipper(delimiter);
      let end = skipper.feed(buffer, at);
      while (end === -1 && !atEnd) {
        base += buffer.length;
        buffer = await readSome(source, base, windowBytes);
        atEnd = base + buffer.length >= source.size;
        end = skipper.feed(buffer, 0);
      }
      at = end === -1 ? buffer.length : end;
      finder.reset(buffer, atEnd);
      number++;
      yield [row(at, [], TOO_LONG)];
      continue;
    }
    // Keep the start of the record and read on (at least as much again, so refills stay linear).
    const kept = buffer.subarray(at);
    const more = await readSome(source, base + buffer.length, Math.max(windowBytes, kept.length));
    buffer = kept.length === 0 ? more : concat(kept, more);
    base += at;
    at = 0;
    atEnd = base + buffer.length >= source.size;
    finder.reset(buffer, atEnd);
  }
}

/**
 * Where a file read from its start begins (after a UTF-8 BOM), and its delimiter
 * (detected in `head`, its first 64 KiB).
 */
function startOfFile(head: Uint8Array, delimiter: string | undefined): CsvPosition {
  const [b0, b1, b2, b3] = head;
  if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff)) {
    throw new UnreadableFile("is UTF-16 text: save it as CSV UTF-8");
  }
  if ((b0 === 0x50 && b1 === 0x4b && b2 === 3 && b3 === 4) || (b0 === 0xd0 && b1 === 0xcf && b2 === 0x11)) {
    throw new UnreadableFile("is an Excel workbook, not CSV text: import it as XLSX or XLS");
  }
  const offset = b0 === 0xef && b1 === 0xbb && b2 === 0xbf ? 3 : 0;
  return { offset, number: 0, delimiter: delimiterCode(delimiter) ?? detectDelimiter(head, offset) };
}

function delimiterCode(delimiter: string | undefined): number | undefined {
  if (delimiter === undefined) return undefined;
  const code = delimiter.length === 1 ? delimiter.charCodeAt(0) : -1;
  if (!isDelimiter(code))
    throw new Error(`CSV delimiter must be one of , ; TAB |, not ${JSON.stringify(delimiter)}`);
  return code;
}

function isDelimiter(code: number): boolean {
  return (CSV_DELIMITERS as readonly number[]).includes(code);
}

function parseCursor(cursor: string, size: number): CsvPosition {
  const match = CURSOR.exec(cursor);
  const [offset, number, delimiter] = (match?.slice(1) ?? []).map(Number);
  if (offset === undefined || number === undefined || delimiter === undefined) {
    throw new Error(`Not a CSV cursor: ${JSON.stringify(cursor)}`);
  }
  if (offset > size || !isDelimiter(delimiter))
    throw new Error(`CSV cursor does not fit this file: ${cursor}`);
  return { offset, number, delimiter };
}

/** Up to `length` bytes at `offset`, at least one: a source that runs dry before its size is broken. */
async function readSome(source: ByteSource, offset: number, length: number): Promise<Uint8Array> {
  const bytes = await source.read(offset, length);
  if (bytes.length === 0)
    throw new Error(`The file ended at ${offset} bytes, before its size of ${source.size}`);
  return bytes;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
