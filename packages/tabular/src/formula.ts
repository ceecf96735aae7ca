/** First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * `value` made safe to open in a spreadsheet: text that would run as a formula (it starts with
 * = + - @ TAB or CR) gets a leading "'", so an exported contact field such as `=HYPERLINK(…)` shows as
 * text instead of running (CSV injection).
 */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
