import * as XLSX from "@e965/xlsx";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { XlsxWriter } from "../src/index";
import { rowsOf, visible } from "./rows";

const concat = (chunks: Uint8Array[]) => {
  const bytes = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
};

const ROWS: (string | number | boolean | null)[][] = [
  ["email", "name", "score", "vip", "note"],
  ["ada@example.com", "Ada & <Lovelace>", 1.5, true, "=1+1"],
  ["zoe@example.com", "Zoë 😀", -2, false, null],
  [null, " spaced ", 1e21, null, "bell\u0007 and \uFFFF gone"],
];

function written(rows = ROWS, sheetName = "Contacts"): Uint8Array {
  const writer = new XlsxWriter({ sheetName });
  const chunks: Uint8Array[] = [];
  for (const row of rows) {
    writer.addRow(row);
    chunks.push(...writer.take());
  }
  chunks.push(...writer.finish());
  return concat(chunks);
}

describe("XlsxWriter", () => {
  test("writes a package with the parts Excel needs", () => {
    const parts = unzipSync(written());
    expect(Object.keys(parts).sort()).toEqual([
      "[Content_Types].xml",
      "_rels/.rels",
      "xl/_rels/workbook.xml.rels",
      "xl/styles.xml",
      "xl/workbook.xml",
      "xl/worksheets/sheet1.xml",
    ]);
    expect(strFromU8(parts["xl/workbook.xml"] ?? new Uint8Array())).toContain('<sheet name="Contacts"');
  });

  test("SheetJS reads back text as text (formulas never run), numbers, booleans and gaps", () => {
    const book = XLSX.read(written(), { type: "array" });
    expect(book.SheetNames).toEqual(["Contacts"]);
    const sheet = book.Sheets.Contacts;
    if (!sheet) throw new Error("no sheet");
    expect(XLSX.utils.sheet_to_json(sheet, { header: 1, raw: true, defval: null })).toEqual([
      ["email", "name", "score", "vip", "note"],
      ["ada@example.com", "Ada & <Lovelace>", 1.5, true, "=1+1"],
      ["zoe@example.com", "Zoë 😀", -2, false, null],
      [null, " spaced ", 1e21, null, "bell and  gone"],
    ]);
    expect(sheet.E2).toMatchObject({ t: "s", v: "=1+1" });
    expect(sheet.E2?.f).toBeUndefined();
  });

  test("our reader reads it back", async () => {
    expect(visible(await rowsOf("xlsx", written()))).toEqual([
      { number: 1, cells: ["email", "name", "score", "vip", "note"] },
      { number: 2, cells: ["ada@example.com", "Ada & <Lovelace>", "1.5", "TRUE", "=1+1"] },
      { number: 3, cells: ["zoe@example.com", "Zoë 😀", "-2", "FALSE"] },
      { number: 4, cells: ["", " spaced ", "1e+21", "", "bell and  gone"] },
    ]);
  });

  test("hands over bytes as rows come, not only at the end", () => {
    const writer = new XlsxWriter({ sheetName: "Big" });
    const chunks: Uint8Array[] = [];
    let takenBeforeFinish = 0;
    for (let i = 0; i < 20_000; i++) {
      writer.addRow([`user${i}@example.com`, `Name ${i}`, i]);
      if (i % 1000 === 999) {
        const taken = writer.take();
        takenBeforeFinish += taken.length;
        chunks.push(...taken);
      }
    }
    chunks.push(...writer.finish());
    expect(takenBeforeFinish).toBeGreaterThan(5);
    const book = XLSX.read(concat(chunks), { type: "array", dense: true });
    expect(book.Sheets.Big?.["!data"]?.[19_999]?.map((cell) => cell.v)).toEqual([
      "user19999@example.com",
      "Name 19999",
      19_999,
    ]);
    expect(() => writer.addRow(["late"])).toThrow();
  });

  test("makes the sheet name one Excel accepts and cuts text to Excel's 32,767 characters", async () => {
    const long = `${"x".repeat(32_766)}😀`;
    const bytes = written([[long]], "'Export: VIP/2024 [all] and more than thirty-one characters'");
    expect(XLSX.read(bytes, { type: "array" }).SheetNames).toEqual(["Export  VIP 2024  all  and more"]);
    const [row] = await rowsOf("xlsx", bytes);
    expect(row?.cells[0]).toBe("x".repeat(32_766));
  });
});
