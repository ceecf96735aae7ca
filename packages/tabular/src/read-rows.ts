import { hasEncryptedPackage, isCfb } from "./cfb";
import { csvRowBatches } from "./read-csv";
import { xlsRowBatches } from "./read-xls";
import { xlsxRowBatches } from "./read-xlsx";
import { eachRow } from "./row-batches";
import { type ByteSource, type ReadOptions, type SheetFormat, type SheetRow, UnreadableFile } from "./sheet";

/**
 * The rows of a CSV file or of the first worksheet of an XLSX or XLS workbook, from the one after
 * `options.cursor` (or from the first), in bounded memory: CSV and XLSX are read in windows of about
 * 1 MiB whatever their size; XLS files (read whole) are refused over 10 MiB. Rows with no text are
 * skipped but counted in `number`. A row that cannot be read comes with `error` and no cells; a file
 * that cannot be read at all throws UnreadableFile; a malformed cursor throws Error.
 *
 * The format is the caller's, but a workbook's content decides between XLSX and XLS: a ZIP is read as
 * XLSX and anything else as XLS, whichever of the two was named. An encrypted workbook is refused.
 */
export function readRows(
  format: SheetFormat,
  source: ByteSource,
  options: ReadOptions = {},
): AsyncIterable<SheetRow> {
  return eachRow(
    format === "csv" ? csvRowBatches(source, options) : workbookRowBatches(format, source, options),
  );
}

async function* workbookRowBatches(
  format: "xlsx" | "xls",
  source: ByteSource,
  options: ReadOptions,
): AsyncGenerator<SheetRow[]> {
  const head = await source.read(0, 8);
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 3 && head[3] === 4) {
    return yield* xlsxRowBatches(source, options);
  }
  if (isCfb(head) && (await hasEncryptedPackage(source))) {
    throw new UnreadableFile("is password-protected: remove the password and upload it again");
  }
  if (format === "xlsx" && !isCfb(head)) throw new UnreadableFile("is not an XLSX file");
  yield* xlsRowBatches(source, options);
}
