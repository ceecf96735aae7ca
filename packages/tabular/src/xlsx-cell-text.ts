import { isoFromDateCell, serialToIso } from "./excel-date";
import type { DateKind } from "./number-format";
import { numberText } from "./number-text";
import { decodeOfficeEscapes } from "./xml-text";

/** What turns a cell's stored value into its text. */
export interface CellFormats {
  sharedStrings: readonly string[];
  /** The cell styles that show dates or times (see dateStyles). */
  dateStyles: ReadonlyMap<number, DateKind>;
  date1904: boolean;
}

/**
 * The text of a cell from its stored value (the text of `<v>`, or of `<is>` for inline strings), its
 * type (`t`) and its style (`s`): shared strings looked up, booleans as TRUE/FALSE, errors as their
 * text (#N/A), dates as ISO text, numbers as spreadsheets show them. A formula's cached value is used
 * as it is; nothing is evaluated.
 */
export function cellText(value: string, type: string, style: number, formats: CellFormats): string {
  switch (type) {
    case "s":
      return formats.sharedStrings[Number(value)] ?? "";
    case "inlineStr":
    case "str":
      return decodeOfficeEscapes(value);
    case "b":
      return value === "1" ? "TRUE" : value === "0" ? "FALSE" : value;
    case "e":
      return value;
    case "d":
      return isoFromDateCell(value);
    default: {
      const number = value.trim() === "" ? Number.NaN : Number(value);
      if (!Number.isFinite(number)) return value;
      const kind = formats.dateStyles.get(style);
      return (kind && serialToIso(number, formats.date1904, kind)) ?? numberText(number);
    }
  }
}
