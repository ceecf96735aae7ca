import { isBlankRow } from "./blank-row";
import { columnIndex } from "./column-letters";
import { UnreadableFile } from "./sheet";
import { decodeXmlText } from "./xml-text";

/** A row of the sheet as its XML gives it. */
export interface ScannedRow {
  number: number;
  cells: string[];
  error?: string;
}

/** Turns a cell's stored value, type and style into its text (see cellText). */
export type CellReader = (value: string, type: string, style: number) => string;

/** Excel's limit on a cell's text; past it the text is dropped, not held. */
const MAX_CELL_CHARS = 32_767;
/** Excel's last column (XFD); cells placed beyond it are ignored. */
const MAX_COLUMNS = 16_384;
/** A tag, comment or CDATA section longer than this is not a worksheet's. */
const MAX_MARKUP_CHARS = 1 << 20;
/** The longest entity or character reference (`&#x10FFFF;`), held back when a piece ends inside one. */
const MAX_REFERENCE_CHARS = 10;
const SLASH = 0x2f;

/**
 * Reads a worksheet's XML as it inflates, in pieces that may end anywhere (inside a tag, a text or
 * an entity), and hands over its rows. It looks only at `<sheetData>`: `<row r>`, `<c r t s>`, `<v>`
 * and the `<t>` of inline strings (rich text runs joined, phonetic `<rPh>` runs left out); formulas
 * `<f>` are ignored, their cached `<v>` is the value. Only one cell's text is held at a time, and no
 * more than 32,767 characters of it. Rows up to `skipThrough` are passed over without reading cells.
 */
export class SheetXmlScanner {
  /** `</sheetData>` has been read: the rest of the XML does not matter. */
  done = false;

  private carry = "";
  private lastRow = 0;
  private row = 0;
  private skipping = false;
  private cells: string[] = [];
  private rowError: string | undefined;
  private inCell = false;
  private column = -1;
  private type = "n";
  private style = 0;
  private inInlineString = false;
  private phonetic = 0;
  private capturing = false;
  private text = "";
  private textTooLong = false;
  /** Where the next quotes are in the piece being read (see tagEnd). */
  private doubleQuote = -1;
  private singleQuote = -1;

  constructor(
    private readonly readCell: CellReader,
    private readonly skipThrough: number,
  ) {}

  /** Reads the next piece of the XML; the rows it completes are appended to `rows`. */
  push(piece: string, rows: ScannedRow[]): void {
    const xml = this.carry + piece;
    this.carry = "";
    this.doubleQuote = this.singleQuote = -1;
    let at = 0;
    while (at < xml.length && !this.done) {
      const lt = xml.indexOf("<", at);
      if (lt === -1) {
        if (this.capturing) {
          // Hold back a reference the piece ends inside of.
          const amp = xml.lastIndexOf("&");
          const cut =
            amp >= at && xml.length - amp <= MAX_REFERENCE_CHARS && !xml.includes(";", amp)
              ? amp
              : xml.length;
          this.appendText(xml.slice(at, cut));
          this.carry = xml.slice(cut);
        }
        return;
      }
      if (lt > at && this.capturing) this.appendText(xml.slice(at, lt));
      const end = this.markup(xml, lt, rows);
      if (end === -1) {
        this.carry = xml.slice(lt);
        if (this.carry.length > MAX_MARKUP_CHARS)
          throw new UnreadableFile("has a worksheet that is not valid XML");
        return;
      }
      at = end;
    }
  }

  /** Handles the markup at `lt`; returns where it ends, or -1 when the piece ends first. */
  private markup(xml: string, lt: number, rows: ScannedRow[]): number {
    if (xml.startsWith("<!--", lt)) {
      const end = xml.indexOf("-->", lt + 4);
      return end === -1 ? -1 : end + 3;
    }
    if (xml.startsWith("<![CDATA[", lt)) {
      const end = xml.indexOf("]]>", lt + 9);
      if (end === -1) return -1;
      if (this.capturing) this.appendDecoded(xml.slice(lt + 9, end));
      return end + 3;
    }
    const gt = this.tagEnd(xml, lt + 1);
    if (gt === -1) return -1;
    const closing = xml.charCodeAt(lt + 1) === SLASH;
    let nameEnd = lt + (closing ? 2 : 1);
    while (nameEnd < gt && !isNameEnd(xml.charCodeAt(nameEnd))) nameEnd++;
    const qualified = xml.slice(lt + (closing ? 2 : 1), nameEnd);
    const name = qualified.slice(qualified.indexOf(":") + 1);
    if (closing) this.close(name, rows);
    else if (xml.charCodeAt(lt + 1) !== 0x3f /* <?xml ?> */) {
      const selfClosing = xml.charCodeAt(gt - 1) === SLASH;
      this.open(name, xml.slice(nameEnd, selfClosing ? gt - 1 : gt));
      if (selfClosing) this.close(name, rows);
    }
    return gt + 1;
  }

  /**
   * The `>` that ends the tag whose name starts at `from`, passing over any inside quoted attribute
   * values. The next quotes' positions are remembered, so a piece is searched about once.
   */
  private tagEnd(xml: string, from: number): number {
    for (let at = from; ; ) {
      const gt = xml.indexOf(">", at);
      if (gt === -1) return -1;
      if (this.doubleQuote < at) this.doubleQuote = indexOrEnd(xml, '"', at);
      if (this.singleQuote < at) this.singleQuote = indexOrEnd(xml, "'", at);
      const quote = Math.min(this.doubleQuote, this.singleQuote);
      if (quote > gt) return gt;
      const close = xml.indexOf(xml.charAt(quote), quote + 1);
      if (close === -1) return -1;
      at = close + 1;
    }
  }

  private open(name: string, attributes: string): void {
    switch (name) {
      case "row": {
        const number = Number(attribute(attributes, "r"));
        this.row = Number.isInteger(number) && number > 0 ? number : this.lastRow + 1;
        this.skipping = this.row <= this.skipThrough;
        this.cells = [];
        this.rowError = undefined;
        this.column = -1;
        return;
      }
      case "c": {
        if (this.skipping) return;
        const reference = attribute(attributes, "r");
        const column = reference === undefined ? -1 : columnIndex(reference);
        this.column = column === -1 ? this.column + 1 : column;
        this.type = attribute(attributes, "t") ?? "n";
        this.style = Number(attribute(attributes, "s") ?? 0);
        this.inCell = true;
        this.text = "";
        this.textTooLong = false;
        return;
      }
      case "v":
        this.capturing = this.inCell;
        return;
      case "is":
        this.inInlineString = true;
        return;
      case "t":
        this.capturing = this.inCell && this.inInlineString && this.phonetic === 0;
        return;
      case "rPh":
        this.phonetic++;
        return;
    }
  }

  private close(name: string, rows: ScannedRow[]): void {
    switch (name) {
      case "v":
      case "t":
        this.capturing = false;
        return;
      case "rPh":
        this.phonetic--;
        return;
      case "is":
        this.inInlineString = false;
        return;
      case "c":
        if (this.inCell) this.endCell();
        this.inCell = false;
        return;
      case "row":
        this.endRow(rows);
        return;
      case "sheetData":
        this.done = true;
        return;
    }
  }

  private endCell(): void {
    const text = this.textTooLong ? "" : this.readCell(this.text, this.type, this.style);
    this.text = "";
    if (this.textTooLong || text.length > MAX_CELL_CHARS) {
      this.rowError = "has a cell longer than 32,767 characters";
      return;
    }
    if (text === "" || this.column >= MAX_COLUMNS) return;
    while (this.cells.length < this.column) this.cells.push("");
    this.cells[this.column] = text;
  }

  private endRow(rows: ScannedRow[]): void {
    this.lastRow = this.row;
    if (this.skipping) return;
    if (this.rowError !== undefined) rows.push({ number: this.row, cells: [], error: this.rowError });
    else if (!isBlankRow(this.cells)) rows.push({ number: this.row, cells: this.cells });
    this.cells = [];
  }

  private appendText(raw: string): void {
    this.appendDecoded(decodeXmlText(raw));
  }

  private appendDecoded(text: string): void {
    if (this.textTooLong) return;
    this.text += text;
    if (this.text.length > MAX_CELL_CHARS) {
      this.textTooLong = true;
      this.text = "";
    }
  }
}

/**
 * The value of attribute `name` in a start tag's attribute text (`r`, `t` and `s` of cells and rows:
 * unprefixed names in either kind of quotes), decoded; undefined when the tag has none.
 */
function attribute(attributes: string, name: string): string | undefined {
  for (let at = attributes.indexOf(name); at !== -1; at = attributes.indexOf(name, at + 1)) {
    if (at > 0 && attributes.charCodeAt(at - 1) > 0x20) continue; // the end of another name
    let equals = at + name.length;
    while (attributes.charCodeAt(equals) <= 0x20) equals++;
    if (attributes.charCodeAt(equals) !== 0x3d) continue;
    let open = equals + 1;
    while (attributes.charCodeAt(open) <= 0x20) open++;
    const quote = attributes[open];
    if (quote !== '"' && quote !== "'") continue;
    const close = attributes.indexOf(quote, open + 1);
    return close === -1 ? undefined : decodeXmlText(attributes.slice(open + 1, close));
  }
  return undefined;
}

function indexOrEnd(text: string, search: string, from: number): number {
  const index = text.indexOf(search, from);
  return index === -1 ? text.length : index;
}

function isNameEnd(code: number): boolean {
  return code <= 0x20 || code === SLASH || code === 0x3e; // space, "/" or ">"
}
