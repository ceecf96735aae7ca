/** The spreadsheet formats contacts are imported from and exported to. */
export type SheetFormat = "csv" | "xlsx" | "xls";

/** Random access to a stored file: an R2 object in the workers, bytes in memory in tests. */
export interface ByteSource {
  readonly size: number;
  /** Up to `length` bytes from `offset` (fewer at the end of the file). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/**
 * One row of the first sheet (or of a CSV file), as text. Rows without any text (blank lines, empty
 * or whitespace-only cells) are not emitted, but they count in the numbers of the rows after them.
 */
export interface SheetRow {
  /** The row's number as a spreadsheet program shows it: the first row (the header) is 1. */
  number: number;
  /**
   * The cells' texts, left to right; a missing cell is "". CSV fields as written; workbook numbers as
   * the General format shows them (at most 15 significant digits), dates and times as ISO text
   * (`2024-01-15`, `2024-01-15T13:30:00`, `13:30:00`), booleans TRUE/FALSE, errors as shown (#N/A).
   */
  cells: string[];
  /** Why this row could not be read (then `cells` is empty), e.g. "is not valid UTF-8 text". */
  error?: string;
  /** Where reading resumes to get the rows after this one (opaque; give it to `readRows`). */
  cursor: string;
  /** How far through the file this row ends, from 0 to 1. */
  progress: number;
}

export interface ReadOptions {
  /**
   * A row's `cursor` (from the same file and format): read the rows after it. Omitted: from the first
   * row (the header). A cursor that is not one throws Error.
   */
  cursor?: string;
  /**
   * CSV only: `,` `;` `\t` or `|`. Omitted: whichever of them the first row has most of. A CSV cursor
   * carries the delimiter it was read with, which then wins over this.
   */
  delimiter?: string;
}

/** The file as a whole cannot be read (not a spreadsheet, encrypted, too large for its format…). */
export class UnreadableFile extends Error {
  override readonly name = "UnreadableFile";
}
