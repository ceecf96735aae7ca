import { describe, expect, test } from "vitest";
import { readRows, UnreadableFile } from "../src/index";
import { type ScannedRow, SheetXmlScanner } from "../src/xlsx-sheet-scanner";
import { collect, expectResumable, recordingSource, rowsOf, visible } from "./rows";
import { encryptedOfficeFile, handmadeXlsx, sheetJsWorkbook } from "./workbooks";

const STYLES = `<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="0.0&quot; days&quot;"/><numFmt numFmtId="166" formatCode="[h]:mm"/></numFmts>
<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
<cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"><alignment/></xf><xf numFmtId="20"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/></cellXfs>`;

const SHARED = `<si><t>email</t></si><si><r><t>Zo</t></r><r><rPr><b/></rPr><t>ë</t></r><rPh sb="0" eb="1"><t>ゾ</t></rPh></si><si/><si><t xml:space="preserve"> a &amp; b_x000D_</t></si>`;

const SHEET = `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Inline &amp; &lt;b&gt; &quot;q&quot; &apos;s&apos; &#233;&#x1F600;</t></is></c><c r="D1" t="s"><v>1</v></c></row>
<row r="3" spans="1:4"><c r="A3" s="1"><v>45306</v></c><c r="B3" s="3"><v>45306.5625</v></c><c r="C3" s="2"><v>0.5</v></c><c r="D3"><f>0.1+0.2</f><v>0.30000000000000004</v></c><c r="E3" s="4"><v>2.5</v></c><c r="F3" s="5"><v>1.5</v></c></row>
<row><c t="b"><v>1</v></c><c t="b"><v>0</v></c><c t="e"><v>#N/A</v></c><c t="str"><f>A1</f><v>from formula</v></c><c t="s"><v>3</v></c></row>
<row r="5"><c r="A5" s="3"/><c r="B5" t="s"><v>2</v></c></row>
<row r="6"/>
<row r="8"><c r="B8" t="d"><v>2024-01-15T00:00:00Z</v></c><c r="C8" t="inlineStr"><is><r><rPr><b/></rPr><t>Rich </t></r><r><t xml:space="preserve">text</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></is></c><c r="D8"><v>1E-3</v></c></row>
<!-- <row r="9"><c r="A9" t="inlineStr"><is><t>in a comment</t></is></c></row> -->
<row r="10"><c r="A10" t="inlineStr"><is><t><![CDATA[<cdata & raw>]]></t></is></c><c r="B10" x:note="a>b"><v>12</v></c><c r="AA10"><v>-7</v></c></row>`;

const EXPECTED = [
  { number: 1, cells: ["email", "Inline & <b> \"q\" 's' é😀", "", "Zoë"] },
  { number: 3, cells: ["2024-01-15", "2024-01-15T13:30:00", "12:00:00", "0.3", "2.5", "1.5"] },
  { number: 4, cells: ["TRUE", "FALSE", "#N/A", "from formula", " a & b\r"] },
  { number: 8, cells: ["", "2024-01-15", "Rich text", "0.001"] },
  { number: 10, cells: ["<cdata & raw>", "12", ...Array(24).fill(""), "-7"] },
];

const handmade = (level: 0 | 6 = 6) =>
  handmadeXlsx({
    sheets: [
      {
        name: "Hidden",
        path: "worksheets/hidden.xml",
        xml: '<row r="1"><c r="A1"><v>1</v></c></row>',
        state: "hidden",
      },
      { name: "Contacts", path: "worksheets/contacts.xml", xml: SHEET },
      { name: "Other", path: "worksheets/sheet1.xml", xml: '<row r="1"><c r="A1"><v>2</v></c></row>' },
    ],
    sharedStrings: SHARED,
    styles: STYLES,
    level,
  });

describe("XLSX reading", () => {
  test("reads the first visible worksheet, wherever its part is: every kind of cell", async () => {
    expect(visible(await rowsOf("xlsx", handmade()))).toEqual(EXPECTED);
  });

  test("reads stored (not deflated) parts", async () => {
    expect(visible(await rowsOf("xlsx", handmade(0)))).toEqual(EXPECTED);
  });

  test("reads a SheetJS workbook: shared strings, numbers, dates, booleans, formulas, gaps; the second sheet is ignored", async () => {
    const bytes = sheetJsWorkbook(
      {
        People: [
          ["email", "name", "joined", "score", "vip"],
          ["ada@example.com", "Ada & <Co>", new Date(Date.UTC(2024, 0, 15)), 1.5, true],
          [],
          [
            "zoe@example.com",
            null,
            new Date(Date.UTC(2023, 11, 31, 8, 5, 9)),
            { t: "n", f: "2*3", v: 6 },
            false,
          ],
          [null, "gap before"],
        ],
        Second: [["not read"]],
      },
      "xlsx",
    );
    expect(visible(await rowsOf("xlsx", bytes))).toEqual([
      { number: 1, cells: ["email", "name", "joined", "score", "vip"] },
      { number: 2, cells: ["ada@example.com", "Ada & <Co>", "2024-01-15", "1.5", "TRUE"] },
      { number: 4, cells: ["zoe@example.com", "", "2023-12-31T08:05:09", "6", "FALSE"] },
      { number: 5, cells: ["", "gap before"] },
    ]);
  });

  test("counts dates from 1904 when the workbook says so", async () => {
    const bytes = handmadeXlsx({
      sheets: [
        {
          name: "S",
          path: "worksheets/s.xml",
          xml: '<row><c s="1"><v>0</v></c><c s="1"><v>43844</v></c></row>',
        },
      ],
      styles: STYLES,
      workbookPr: '<workbookPr date1904="1"/>',
    });
    expect(visible(await rowsOf("xlsx", bytes))).toEqual([
      { number: 1, cells: ["1904-01-01", "2024-01-15"] },
    ]);
  });

  test("reads a sheet whose elements carry a namespace prefix", async () => {
    const xml = `<?xml version="1.0"?><x:worksheet xmlns:x="urn:main"><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>prefixed</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`;
    const bytes = handmadeXlsx({ sheets: [{ name: "S", path: "worksheets/s.xml", xml }] });
    expect(visible(await rowsOf("xlsx", bytes))).toEqual([{ number: 2, cells: ["", "prefixed"] }]);
  });

  test("reports a cell longer than 32,767 characters and reads on", async () => {
    const long = "x".repeat(40_000);
    const xml = `<row r="1"><c t="inlineStr"><is><t>${long}</t></is></c></row><row r="2"><c t="inlineStr"><is><t>${"y".repeat(32_767)}</t></is></c></row><row r="3"><c t="inlineStr"><is><t>ok</t></is></c></row>`;
    const bytes = handmadeXlsx({ sheets: [{ name: "S", path: "worksheets/s.xml", xml }] });
    const rows = visible(await rowsOf("xlsx", bytes));
    expect(rows.map((row) => ({ ...row, cells: row.cells.map((cell) => cell.length) }))).toEqual([
      { number: 1, cells: [], error: "has a cell longer than 32,767 characters" },
      { number: 2, cells: [32_767] },
      { number: 3, cells: [2] },
    ]);
  });

  test("resuming from any row's cursor yields exactly the rows after it; progress ends at 1", async () => {
    const bytes = handmade();
    const rows = await rowsOf("xlsx", bytes);
    expect(rows.map((row) => row.cursor)).toEqual(["xlsx1:1", "xlsx1:3", "xlsx1:4", "xlsx1:8", "xlsx1:10"]);
    expect(rows.at(-1)?.progress).toBe(1);
    await expectResumable(
      rows,
      (cursor) => rowsOf("xlsx", bytes, { cursor }),
      (a, b) => expect(a).toEqual(b),
    );
    for (const cursor of ["xlsx1:x", "csv1:0:0:44", "xls1:3", "xlsx1:"]) {
      await expect(rowsOf("xlsx", bytes, { cursor })).rejects.toThrow(/cursor/);
    }
  });

  test("reads a large sheet in pieces, with progress along the way", async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => [`user${i}@example.com`, `Nom ${i} é`, i]);
    const bytes = sheetJsWorkbook({ Big: [["email", "name", "n"], ...rows] }, "xlsx");
    const source = recordingSource(bytes);
    const read = await collect(readRows("xlsx", source));
    expect(Math.max(...source.reads.map((range) => range.length))).toBeLessThanOrEqual(1 << 20);
    expect(read).toHaveLength(30_001);
    expect(read[30_000]?.cells).toEqual(["user29999@example.com", "Nom 29999 é", "29999"]);
    expect(read[1000]?.progress).toBeGreaterThan(0);
    expect(read[1000]?.progress).toBeLessThan(0.1);
    expect(visible(await rowsOf("xlsx", bytes, { cursor: "xlsx1:29999" }))).toEqual([
      { number: 30_000, cells: ["user29998@example.com", "Nom 29998 é", "29998"] },
      { number: 30_001, cells: ["user29999@example.com", "Nom 29999 é", "29999"] },
    ]);
  });
});

describe("XLSX sheet XML in pieces", () => {
  const scan = (pieces: string[]) => {
    const rows: ScannedRow[] = [];
    const scanner = new SheetXmlScanner((value, type) => `${type}:${value}`, 0);
    for (const piece of pieces) scanner.push(piece, rows);
    return rows;
  };
  const xml = `<?xml version="1.0"?><worksheet><sheetData>${SHEET}</sheetData><dataValidations><dataValidation prompt="<row>"/></dataValidations></worksheet>`;

  test("gives the same rows wherever the pieces end: inside tags, attribute values, text or references", () => {
    const whole = scan([xml]);
    expect(whole.map((row) => row.number)).toEqual([1, 3, 4, 5, 8, 10]);
    for (let cut = 1; cut < xml.length; cut++) {
      expect(scan([xml.slice(0, cut), xml.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    }
    expect(scan(Array.from(xml))).toEqual(whole);
  });
});

describe("XLSX files that cannot be read", () => {
  test("refuses what is not a ZIP, a damaged ZIP, a ZIP without a workbook", async () => {
    await expect(rowsOf("xlsx", "email,name\nada@example.com,Ada\n")).rejects.toThrow(
      new UnreadableFile("is not an XLSX file"),
    );
    const bytes = handmade();
    await expect(rowsOf("xlsx", bytes.subarray(0, bytes.length - 30))).rejects.toBeInstanceOf(UnreadableFile);
    const damaged = bytes.slice();
    damaged.fill(0x55, 200, 600); // inside the first parts' compressed data
    await expect(rowsOf("xlsx", damaged)).rejects.toBeInstanceOf(UnreadableFile);
    const { zipSync, strToU8 } = await import("fflate");
    await expect(rowsOf("xlsx", zipSync({ "word/document.xml": strToU8("<w/>") }))).rejects.toThrow(
      new UnreadableFile("is not an XLSX file"),
    );
  });

  test("refuses a password-protected workbook", async () => {
    await expect(rowsOf("xlsx", encryptedOfficeFile())).rejects.toThrow(
      new UnreadableFile("is password-protected: remove the password and upload it again"),
    );
  });

  test("refuses more than 32 MiB of shared strings", async () => {
    const bytes = handmadeXlsx({
      sheets: [{ name: "S", path: "worksheets/s.xml", xml: '<row><c t="s"><v>0</v></c></row>' }],
      sharedStrings: "<si><t>contact@example.com</t></si>".repeat(1_000_000),
    });
    await expect(rowsOf("xlsx", bytes)).rejects.toThrow(
      new UnreadableFile("has more than 32 MiB of distinct text: save it as CSV"),
    );
  });

  test("reads an XLS workbook named XLSX", async () => {
    const bytes = sheetJsWorkbook({ S: [["email"], ["ada@example.com"]] }, "biff8");
    expect(visible(await rowsOf("xlsx", bytes))).toEqual([
      { number: 1, cells: ["email"] },
      { number: 2, cells: ["ada@example.com"] },
    ]);
  });
});

describe("ZIP64", () => {
  /** The same archive with a ZIP64 end of central directory, as writers of large archives make it. */
  function asZip64(zip: Uint8Array): Uint8Array {
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const end = zip.length - 22;
    const count = view.getUint16(end + 10, true);
    const size = view.getUint32(end + 12, true);
    const offset = view.getUint32(end + 16, true);
    const out = new Uint8Array(zip.length + 56 + 20);
    out.set(zip.subarray(0, end));
    const o = new DataView(out.buffer);
    o.setUint32(end, 0x06064b50, true);
    o.setBigUint64(end + 4, 44n, true);
    o.setUint16(end + 12, 45, true);
    o.setUint16(end + 14, 45, true);
    o.setBigUint64(end + 24, BigInt(count), true);
    o.setBigUint64(end + 32, BigInt(count), true);
    o.setBigUint64(end + 40, BigInt(size), true);
    o.setBigUint64(end + 48, BigInt(offset), true);
    o.setUint32(end + 56, 0x07064b50, true);
    o.setBigUint64(end + 64, BigInt(end), true);
    o.setUint32(end + 72, 1, true);
    const tail = end + 76;
    out.set(zip.subarray(end), tail);
    o.setUint16(tail + 8, 0xffff, true);
    o.setUint16(tail + 10, 0xffff, true);
    o.setUint32(tail + 12, 0xffffffff, true);
    o.setUint32(tail + 16, 0xffffffff, true);
    return out;
  }

  test("finds the central directory through a ZIP64 end record", async () => {
    expect(visible(await rowsOf("xlsx", asZip64(handmade())))).toEqual(EXPECTED);
  });
});
