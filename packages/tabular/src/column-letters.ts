/** The column of a cell reference such as "AB12", from 0 ("A"); -1 when it starts with no letter. */
export function columnIndex(reference: string): number {
  let column = 0;
  let i = 0;
  for (; i < reference.length; i++) {
    const code = reference.charCodeAt(i) | 0x20; // lower case
    if (code < 0x61 || code > 0x7a) break;
    column = column * 26 + code - 0x60;
  }
  return i === 0 ? -1 : column - 1;
}

/** The letters of column `index` (0 → "A", 26 → "AA"), as cell references spell them. */
export function columnLetters(index: number): string {
  let letters = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    letters = String.fromCharCode(0x41 + ((n - 1) % 26)) + letters;
  }
  return letters;
}
