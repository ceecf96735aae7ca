import * as XLSX from "@e965/xlsx";
import { strToU8, zipSync } from "fflate";

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

export interface HandmadeSheet {
  name: string;
  /** Path in the archive, under xl/. */
  path: string;
  /** The `<sheetData>` content, or the whole XML when it starts with "<?xml". */
  xml: string;
  state?: "hidden" | "veryHidden";
}

/** An XLSX package written by hand, so tests control every byte of its XML. */
export function handmadeXlsx(options: {
  sheets: HandmadeSheet[];
  sharedStrings?: string;
  styles?: string;
  workbookPr?: string;
  /** 0: stored, not deflated. */
  level?: 0 | 6;
}): Uint8Array {
  const { sheets, sharedStrings, styles, workbookPr = "", level = 6 } = options;
  const rels = sheets.map(
    (sheet, index) => `<Relationship Id="rIdSheet${index}" Type="${REL}/worksheet" Target="${sheet.path}"/>`,
  );
  if (sharedStrings !== undefined)
    rels.push(`<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="strings.xml"/>`);
  if (styles !== undefined)
    rels.push(`<Relationship Id="rIdT" Type="${REL}/styles" Target="/xl/styles.xml"/>`);
  const files: Record<string, Uint8Array> = {
    "[Content_Types].xml": strToU8('<?xml version="1.0"?><Types/>'),
    "_rels/.rels": strToU8(
      `<Relationships><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    "xl/workbook.xml": strToU8(
      `<workbook xmlns="${MAIN}" xmlns:r="${REL}">${workbookPr}<sheets>${sheets
        .map(
          (sheet, index) =>
            `<sheet name="${sheet.name}" sheetId="${index + 1}"${sheet.state ? ` state="${sheet.state}"` : ""} r:id="rIdSheet${index}"/>`,
        )
        .join("")}</sheets></workbook>`,
    ),
    "xl/_rels/workbook.xml.rels": strToU8(`<Relationships>${rels.join("")}</Relationships>`),
  };
  for (const sheet of sheets) {
    files[`xl/${sheet.path}`] = strToU8(
      sheet.xml.startsWith("<?xml")
        ? sheet.xml
        : `<worksheet xmlns="${MAIN}"><sheetData>${sheet.xml}</sheetData></worksheet>`,
    );
  }
  if (sharedStrings !== undefined)
    files["xl/strings.xml"] = strToU8(`<sst xmlns="${MAIN}">${sharedStrings}</sst>`);
  if (styles !== undefined)
    files["xl/styles.xml"] = strToU8(`<styleSheet xmlns="${MAIN}">${styles}</styleSheet>`);
  return zipSync(files, { level });
}

/** A workbook written by SheetJS from rows of values (first sheet first). */
export function sheetJsWorkbook(
  sheets: Record<string, unknown[][]>,
  bookType: "xlsx" | "biff8",
  hidden: string[] = [],
): Uint8Array {
  const book = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) {
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows, { cellDates: true }), name);
  }
  book.Workbook = {
    Sheets: book.SheetNames.map((name) => ({ name, Hidden: hidden.includes(name) ? 1 : 0 })),
  };
  return new Uint8Array(XLSX.write(book, { type: "array", bookType, bookSST: true }));
}

/** A CFB container holding an "EncryptedPackage" stream: how Office stores a password-protected XLSX. */
export function encryptedOfficeFile(): Uint8Array {
  const container = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(container, "/EncryptionInfo", new Uint8Array(64).fill(4));
  XLSX.CFB.utils.cfb_add(container, "/EncryptedPackage", new Uint8Array(5000).fill(7));
  return new Uint8Array(XLSX.CFB.write(container, { type: "array" }) as ArrayBuffer);
}
