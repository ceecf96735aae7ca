/**
 * The fields of one CSV record's text (no line break at its end), by the rules CsvRecordFinder finds
 * records with: a field that starts with `"` is quoted and `""` inside it is a quote; text after its
 * closing quote is kept; a quote anywhere else is literal; a quote never closed runs to the end.
 */
export function splitCsvRecord(text: string, delimiter: string): string[] {
  if (!text.includes('"')) return text.split(delimiter);
  const cells: string[] = [];
  let at = 0;
  for (;;) {
    let cell = "";
    if (text.charCodeAt(at) === 0x22) {
      for (let from = at + 1; ; ) {
        const quote = text.indexOf('"', from);
        if (quote === -1) {
          cells.push(cell + text.slice(from));
          return cells;
        }
        if (text.charCodeAt(quote + 1) === 0x22) {
          cell += text.slice(from, quote + 1);
          from = quote + 2;
          continue;
        }
        cell += text.slice(from, quote);
        at = quote + 1;
        break;
      }
      // The usual case: the closing quote ends the field.
      if (at === text.length) {
        cells.push(cell);
        return cells;
      }
      if (text[at] === delimiter) {
        cells.push(cell);
        at++;
        continue;
      }
    }
    const end = text.indexOf(delimiter, at);
    if (end === -1) {
      cells.push(cell + text.slice(at));
      return cells;
    }
    cells.push(cell + text.slice(at, end));
    at = end + 1;
  }
}
