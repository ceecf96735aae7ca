import { builtInDateKind, type DateKind, dateKind } from "./number-format";
import { xmlAttributes } from "./xml-text";

/**
 * The cell styles (a cell's `s`: its position in `<cellXfs>`) whose number format shows a date or a
 * time, so that their serial numbers are read as such. Custom formats (`<numFmt>`) override built-in ones.
 */
export function dateStyles(stylesXml: string): Map<number, DateKind> {
  const customFormats = new Map<number, string>();
  for (const [, attributes = ""] of stylesXml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)>/g)) {
    const { numFmtId, formatCode } = xmlAttributes(attributes);
    if (numFmtId !== undefined && formatCode !== undefined) customFormats.set(Number(numFmtId), formatCode);
  }
  const cellXfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(stylesXml)?.[1] ?? "";
  const styles = new Map<number, DateKind>();
  let index = 0;
  for (const [, attributes = ""] of cellXfs.matchAll(/<(?:\w+:)?xf\b([^>]*)>/g)) {
    const id = Number(xmlAttributes(attributes).numFmtId ?? 0);
    const custom = customFormats.get(id);
    const kind = custom === undefined ? builtInDateKind(id) : dateKind(custom);
    if (kind !== undefined) styles.set(index, kind);
    index++;
  }
  return styles;
}
