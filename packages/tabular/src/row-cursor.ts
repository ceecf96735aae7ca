/**
 * The row number in a cursor `<prefix>:<number>` (the XLSX and XLS readers' cursors: the last row
 * read), 0 without a cursor. Throws on anything else.
 */
export function rowCursor(cursor: string | undefined, prefix: "xlsx1" | "xls1"): number {
  if (cursor === undefined) return 0;
  const match = /^(\w+):(\d{1,9})$/.exec(cursor);
  if (match?.[1] !== prefix) throw new Error(`Not an ${prefix} cursor: ${JSON.stringify(cursor)}`);
  return Number(match[2]);
}
