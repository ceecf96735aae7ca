import { neutraliseFormula } from "./formula";

/** Characters that make a CSV field need quotes (RFC 4180). Spaces do not. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV record (RFC 4180, comma-separated, CRLF-terminated). Text goes through neutraliseFormula
 * and is quoted only when it holds a comma, a quote or a line break; numbers and booleans are
 * written as they are (TRUE/FALSE, as Excel writes them), null and non-finite numbers as "".
 */
export function csvLine(cells: readonly (string | number | boolean | null)[]): string {
  return `${cells.map(csvField).join(",")}\r\n`;
}

function csvField(cell: string | number | boolean | null): string {
  if (cell === null) return "";
  if (typeof cell === "number") return Number.isFinite(cell) ? String(cell) : "";
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  const text = neutraliseFormula(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
