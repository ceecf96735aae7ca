import { Zip, ZipDeflate } from "fflate";
import { columnLetters } from "./column-letters";
import { escapeXml } from "./xml-text";

type Cell = string | number | boolean | null;

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
/** Sheet XML is handed to the compressor in pieces of about this many characters. */
const PIECE_CHARS = 64 << 10;
/** Sheet XML is repetitive: level 1 makes it about 5 % larger than level 6, in a third of the time. */
const DEFLATE_LEVEL = 1;
/** Excel refuses a cell with longer text, so longer text is cut to it. */
const MAX_CELL_CHARS = 32_767;

/**
 * Writes an XLSX workbook of one sheet, row by row, in bounded memory: rows become sheet XML that is
 * deflated as it grows (fflate's streaming Zip), and the archive's bytes are taken away as they come
 * (`take`), to be uploaded in parts. Text is written as inline strings, never as formulas, so nothing
 * runs when the file is opened; numbers as numbers, booleans as booleans, null as no cell.
 */
export class XlsxWriter {
  private readonly zip: Zip;
  private readonly sheet: ZipDeflate;
  private readonly output: Uint8Array[] = [];
  private readonly encoder = new TextEncoder();
  private pending = `${XML_DECLARATION}<worksheet xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheetData>`;
  private rows = 0;
  private finished = false;

  constructor(options: { sheetName: string }) {
    this.zip = new Zip((error, bytes) => {
      if (error) throw error;
      this.output.push(bytes);
    });
    for (const [path, xml] of Object.entries(packageParts(sheetName(options.sheetName)))) {
      const part = new ZipDeflate(path, { level: DEFLATE_LEVEL });
      this.zip.add(part);
      part.push(this.encoder.encode(xml), true);
    }
    this.sheet = new ZipDeflate("xl/worksheets/sheet1.xml", { level: DEFLATE_LEVEL });
    this.zip.add(this.sheet);
  }

  /** Appends a row to the sheet. */
  addRow(cells: readonly Cell[]): void {
    if (this.finished) throw new Error("XlsxWriter: addRow after finish");
    const number = ++this.rows;
    let xml = `<row r="${number}">`;
    cells.forEach((cell, index) => {
      xml += cellXml(cell, `${columnLetters(index)}${number}`);
    });
    this.pending += `${xml}</row>`;
    if (this.pending.length >= PIECE_CHARS) this.flush(false);
  }

  /** The archive's bytes produced since the last take. */
  take(): Uint8Array[] {
    return this.output.splice(0);
  }

  /** Closes the sheet and the archive; returns the bytes not yet taken. */
  finish(): Uint8Array[] {
    if (!this.finished) {
      this.finished = true;
      this.pending += "</sheetData></worksheet>";
      this.flush(true);
      this.zip.end();
    }
    return this.take();
  }

  private flush(final: boolean): void {
    this.sheet.push(this.encoder.encode(this.pending), final);
    this.pending = "";
  }
}

function cellXml(cell: Cell, reference: string): string {
  if (cell === null || (typeof cell === "number" && !Number.isFinite(cell))) return "";
  if (typeof cell === "number") return `<c r="${reference}"><v>${cell}</v></c>`;
  if (typeof cell === "boolean") return `<c r="${reference}" t="b"><v>${cell ? 1 : 0}</v></c>`;
  const text = escapeXml(truncate(cell));
  return `<c r="${reference}" t="inlineStr"><is><t xml:space="preserve">${text}</t></is></c>`;
}

function truncate(text: string): string {
  if (text.length <= MAX_CELL_CHARS) return text;
  const cut = text.slice(0, MAX_CELL_CHARS);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/** A name Excel accepts: at most 31 characters, none of : \ / ? * [ ], not starting or ending with '. */
function sheetName(name: string): string {
  const cleaned = name
    .replace(/[:\\/?*[\]]/g, " ")
    .replace(/^['\s]+/, "")
    .slice(0, 31)
    .replace(/['\s]+$/, "");
  return cleaned === "" ? "Sheet1" : cleaned;
}

/** Everything in the archive but the sheet: the smallest package Excel and LibreOffice open. */
function packageParts(name: string): Record<string, string> {
  const type = "application/vnd.openxmlformats-officedocument.spreadsheetml";
  return {
    "[Content_Types].xml": `${XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${type}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="${type}.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="${type}.styles+xml"/></Types>`,
    "_rels/.rels": `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    "xl/workbook.xml": `${XML_DECLARATION}<workbook xmlns="${MAIN}" xmlns:r="${RELATIONSHIPS}"><sheets><sheet name="${escapeXml(name)}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    "xl/_rels/workbook.xml.rels": `${XML_DECLARATION}<Relationships xmlns="${PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" Type="${RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${RELATIONSHIPS}/styles" Target="styles.xml"/></Relationships>`,
    "xl/styles.xml": `${XML_DECLARATION}<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`,
  };
}
