/**
 * A cell's number as a spreadsheet shows it in the General format: at most 15 significant digits
 * (Excel's precision), so the stored 0.30000000000000004 of `=0.1+0.2` reads "0.3".
 */
export function numberText(value: number): string {
  if (Number.isSafeInteger(value) && Math.abs(value) < 1e15) return String(value);
  return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : "";
}
