import type { CellObject, WorkBook } from "@e965/xlsx";
import { isBlankRow } from "./blank-row";
import { isoFromDateCell, serialToIso } from "./excel-date";
import { dateKind } from "./number-format";
import { numberText } from "./number-text";
import { rowCursor } from "./row-cursor";
import { type ByteSource, type ReadOptions, type SheetRow, UnreadableFile } from "./sheet";

/** SheetJS parses a whole file at once, holding many times its size: larger files are refused. */
const MAX_XLS_BYTES = 10 << 20;

/** Rows handed over together. */
const BATCH_ROWS = 1024;

/**
 * The rows of a legacy XLS workbook's first worksheet (a visible one if any), in batches. SheetJS
 * (loaded only when needed) parses the file whole, so files over 10 MiB are refused. Dates are read
 * from the cells' number formats, as in XLSX. Text that SheetJS recognises as another spreadsheet
 * format (HTML or SpreadsheetML tables saved as .xls) is read too, its values kept as text. The
 * cursor is the row's number.
 */
export async function* xlsRowBatches(
  source: ByteSource,
  options: ReadOptions = {},
): AsyncGenerator<SheetRow[]> {
  const skipThrough = rowCursor(options.cursor, "xls1");
  if (source.size > MAX_XLS_BYTES)
    throw new UnreadableFile("is an XLS file over 10 MiB: save it as XLSX or CSV");
  const bytes = await source.read(0, source.size);
  const { read } = await import("@e965/xlsx");
  let book: WorkBook;
  try {
    book = read(bytes, { type: "array", dense: true, cellNF: true, cellHTML: false, raw: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    throw new UnreadableFile(
      /password|encrypt/i.test(message)
        ? "is password-protected: remove the password and upload it again"
        : "is not an XLS file that can be read",
    );
  }
  const data = firstSheet(book)?.["!data"] ?? [];
  const date1904 = Boolean(book.Workbook?.WBProps?.date1904);
  let rows: SheetRow[] = [];
  for (let index = skipThrough; index < data.length; index++) {
    const cells = Array.from(data[index] ?? [], (cell) => cellText(cell, date1904));
    while (cells.length > 0 && cells[cells.length - 1] === "") cells.pop();
    if (isBlankRow(cells)) continue;
    rows.push({ number: index + 1, cells, cursor: `xls1:${index + 1}`, progress: (index + 1) / data.length });
    if (rows.length === BATCH_ROWS) {
      yield rows;
      rows = [];
    }
  }
  if (rows.length > 0) yield rows;
}

function firstSheet(book: WorkBook) {
  const names = book.SheetNames.filter((name) => book.Sheets[name]?.["!type"] !== "chart");
  const hidden = new Set(book.Workbook?.Sheets?.filter((sheet) => sheet.Hidden).map((sheet) => sheet.name));
  const name = names.find((candidate) => !hidden.has(candidate)) ?? names[0];
  return name === undefined ? undefined : book.Sheets[name];
}

/**
 * A cell's text, as the XLSX reader gives it: numbers as spreadsheets show them, or as ISO text when
 * their number format shows a date or a time.
 */
function cellText(cell: CellObject | undefined, date1904: boolean): string {
  const value = cell?.v;
  switch (cell?.t) {
    case "s":
      return String(value ?? "");
    case "n": {
      if (typeof value !== "number") return String(value ?? "");
      const kind = typeof cell.z === "string" ? dateKind(cell.z) : undefined;
      return (kind && serialToIso(value, date1904, kind)) ?? numberText(value);
    }
    case "b":
      return value ? "TRUE" : "FALSE";
    case "d":
      return value instanceof Date ? isoFromDateCell(value.toISOString()) : String(value ?? "");
    case "e":
      return cell.w ?? "";
    default:
      return "";
  }
}
