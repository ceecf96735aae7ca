/**
 * Whether a row has no text at all (every cell empty or only spaces): a spreadsheet shows it as an
 * empty row, so the readers skip it rather than hand the importer a contact with no fields.
 */
export function isBlankRow(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === "");
}
