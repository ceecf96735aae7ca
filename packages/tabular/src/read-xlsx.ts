import { rowCursor } from "./row-cursor";
import type { ByteSource, ReadOptions, SheetRow } from "./sheet";
import { cellText } from "./xlsx-cell-text";
import { readSharedStrings } from "./xlsx-shared-strings";
import { type ScannedRow, SheetXmlScanner } from "./xlsx-sheet-scanner";
import { dateStyles } from "./xlsx-styles";
import { findWorkbookParts } from "./xlsx-workbook";
import { readZipDirectory } from "./zip-directory";
import { entryBytes, entryText } from "./zip-entry";

const MAX_STYLES_BYTES = 16 << 20;

/**
 * The rows of an XLSX workbook's first worksheet, in batches, streamed: the sheet's XML is inflated
 * and scanned a piece at a time, so memory holds the shared strings and one piece whatever the sheet's
 * size. The cursor is the row's number; resuming inflates the sheet again from its start and passes
 * over the rows up to it. Progress is the share of the sheet's uncompressed XML read.
 */
export async function* xlsxRowBatches(
  source: ByteSource,
  options: ReadOptions = {},
): AsyncGenerator<SheetRow[]> {
  const skipThrough = rowCursor(options.cursor, "xlsx1");
  const zip = await readZipDirectory(source);
  const parts = await findWorkbookParts(source, zip);
  const formats = {
    sharedStrings: parts.sharedStrings ? await readSharedStrings(source, parts.sharedStrings) : [],
    dateStyles: parts.styles
      ? dateStyles(
          await entryText(
            source,
            parts.styles,
            MAX_STYLES_BYTES,
            "has over 16 MiB of styles: save it as CSV",
          ),
        )
      : new Map(),
    date1904: parts.date1904,
  };
  const scanner = new SheetXmlScanner(
    (value, type, style) => cellText(value, type, style, formats),
    skipThrough,
  );
  const decoder = new TextDecoder();
  const size = parts.sheet.size;
  let read = 0;
  for await (const bytes of entryBytes(source, parts.sheet)) {
    read += bytes.length;
    const rows: ScannedRow[] = [];
    scanner.push(decoder.decode(bytes, { stream: true }), rows);
    const progress = size === 0 ? 1 : Math.min(1, read / size);
    if (rows.length > 0) {
      yield rows.map(({ number, cells, error }) =>
        error === undefined
          ? { number, cells, cursor: `xlsx1:${number}`, progress }
          : { number, cells, error, cursor: `xlsx1:${number}`, progress },
      );
    }
    if (scanner.done) return;
  }
}
