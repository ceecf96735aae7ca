import {
  type ByteSource,
  bytesSource,
  type ReadOptions,
  readRows,
  type SheetFormat,
  type SheetRow,
} from "../src/index";
import { csvRowBatches } from "../src/read-csv";
import { eachRow } from "../src/row-batches";

/** readRows("csv", …) reading `windowBytes` at a time instead of 1 MiB. */
export function readCsv(
  source: ByteSource,
  options: ReadOptions,
  windowBytes: number,
): AsyncIterable<SheetRow> {
  return eachRow(csvRowBatches(source, options, windowBytes));
}

/** Every row a reader yields. */
export async function collect(rows: AsyncIterable<SheetRow>): Promise<SheetRow[]> {
  const all: SheetRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

/** The rows of `content` read as `format`. */
export function rowsOf(
  format: SheetFormat,
  content: string | Uint8Array,
  options?: ReadOptions,
): Promise<SheetRow[]> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  return collect(readRows(format, bytesSource(bytes), options));
}

/** Rows reduced to what a user sees: number, cells and error. */
export function visible(rows: SheetRow[]): Pick<SheetRow, "number" | "cells" | "error">[] {
  return rows.map(({ number, cells, error }) =>
    error === undefined ? { number, cells } : { number, cells, error },
  );
}

/** Asserts that resuming from every row's cursor yields exactly the rows after it. */
export async function expectResumable(
  rows: SheetRow[],
  resume: (cursor: string) => Promise<SheetRow[]>,
  expectEqual: (actual: unknown, expected: unknown) => void,
): Promise<void> {
  for (const [index, row] of rows.entries()) {
    expectEqual(await resume(row.cursor), rows.slice(index + 1));
  }
}

/** A source over `bytes` that records every read, to check how a reader reads. */
export function recordingSource(
  bytes: Uint8Array,
): ByteSource & { reads: { offset: number; length: number }[] } {
  const source = bytesSource(bytes);
  const reads: { offset: number; length: number }[] = [];
  return {
    size: source.size,
    reads,
    read: (offset, length) => {
      reads.push({ offset, length });
      return source.read(offset, length);
    },
  };
}
