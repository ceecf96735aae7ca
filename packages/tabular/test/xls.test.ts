import * as XLSX from "@e965/xlsx";
import { describe, expect, test } from "vitest";
import { bytesSource, readRows, UnreadableFile } from "../src/index";
import { collect, expectResumable, rowsOf, visible } from "./rows";
import { encryptedOfficeFile, sheetJsWorkbook } from "./workbooks";

const CONTACTS = [
  ["email", "name", "joined", "score", "vip", "err"],
  ["ada@example.com", "Ada & Co", new Date(Date.UTC(2024, 0, 15)), 1.5, true, { t: "e", v: 0x2a }],
  [],
  [
    "zoe@example.com",
    "Zoë",
    new Date(Date.UTC(2023, 11, 31, 8, 5, 9)),
    { t: "n", f: "0.1+0.2", v: 0.30000000000000004 },
    false,
  ],
  [null, "gap before"],
];

describe("XLS reading", () => {
  test("reads the first worksheet: text, numbers, dates, booleans, errors, formulas' values and gaps", async () => {
    const bytes = sheetJsWorkbook({ Contacts: CONTACTS, Second: [["not read"]] }, "biff8");
    expect(visible(await rowsOf("xls", bytes))).toEqual([
      { number: 1, cells: ["email", "name", "joined", "score", "vip", "err"] },
      { number: 2, cells: ["ada@example.com", "Ada & Co", "2024-01-15", "1.5", "TRUE", "#N/A"] },
      { number: 4, cells: ["zoe@example.com", "Zoë", "2023-12-31T08:05:09", "0.3", "FALSE"] },
      { number: 5, cells: ["", "gap before"] },
    ]);
  });

  test("skips a hidden first sheet; numbers rows from the sheet's top even when data starts lower", async () => {
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["hidden"]]), "Hidden");
    const shown = XLSX.utils.sheet_add_aoa(XLSX.utils.aoa_to_sheet([]), [["email"], ["ada@example.com"]], {
      origin: "B3",
    });
    XLSX.utils.book_append_sheet(book, shown, "Shown");
    book.Workbook = {
      Sheets: [
        { name: "Hidden", Hidden: 1 },
        { name: "Shown", Hidden: 0 },
      ],
    };
    const bytes = new Uint8Array(XLSX.write(book, { type: "array", bookType: "biff8" }));
    expect(visible(await rowsOf("xls", bytes))).toEqual([
      { number: 3, cells: ["", "email"] },
      { number: 4, cells: ["", "ada@example.com"] },
    ]);
  });

  test("resuming from any row's cursor yields exactly the rows after it", async () => {
    const bytes = sheetJsWorkbook({ Contacts: CONTACTS }, "biff8");
    const rows = await rowsOf("xls", bytes);
    expect(rows.map((row) => row.cursor)).toEqual(["xls1:1", "xls1:2", "xls1:4", "xls1:5"]);
    expect(rows.at(-1)?.progress).toBe(1);
    await expectResumable(
      rows,
      (cursor) => rowsOf("xls", bytes, { cursor }),
      (a, b) => expect(a).toEqual(b),
    );
    await expect(rowsOf("xls", bytes, { cursor: "xlsx1:2" })).rejects.toThrow(/cursor/);
  });

  test("refuses files over 10 MiB without reading them", async () => {
    let reads = 0;
    const size = (10 << 20) + 1;
    const source = {
      size,
      read: async (offset: number, length: number) => {
        reads += length;
        return new Uint8Array(Math.min(length, size - offset));
      },
    };
    await expect(collect(readRows("xls", source))).rejects.toThrow(
      new UnreadableFile("is an XLS file over 10 MiB: save it as XLSX or CSV"),
    );
    expect(reads).toBeLessThan(1024);
  });

  test("refuses password-protected workbooks", async () => {
    const password = new UnreadableFile("is password-protected: remove the password and upload it again");
    await expect(rowsOf("xls", encryptedOfficeFile())).rejects.toThrow(password);
    // An XLS encrypted with a password has a FILEPASS record after its first BOF record.
    const container = XLSX.CFB.read(sheetJsWorkbook({ S: [["x"]] }, "biff8"), { type: "array" });
    const stream = XLSX.CFB.find(container, "Workbook");
    if (!stream?.content) throw new Error("no Workbook stream");
    const content = Uint8Array.from(stream.content as ArrayLike<number>);
    const bofEnd = 4 + (content[2] ?? 0) + ((content[3] ?? 0) << 8);
    const filePass = [0x2f, 0x00, 0x06, 0x00, 0x00, 0x00, 0x34, 0x12, 0x78, 0x56];
    stream.content = Uint8Array.from([
      ...content.subarray(0, bofEnd),
      ...filePass,
      ...content.subarray(bofEnd),
    ]);
    stream.size = stream.content.length;
    const encrypted = new Uint8Array(XLSX.CFB.write(container, { type: "array" }) as ArrayBuffer);
    await expect(rowsOf("xls", encrypted)).rejects.toThrow(password);
  });

  test("reads an XLSX workbook named XLS, streaming it", async () => {
    const bytes = sheetJsWorkbook({ S: [["email"], ["ada@example.com"]] }, "xlsx");
    const rows = await collect(readRows("xls", bytesSource(bytes)));
    expect(rows.map((row) => [row.cells, row.cursor])).toEqual([
      [["email"], "xlsx1:1"],
      [["ada@example.com"], "xlsx1:2"],
    ]);
  });

  test("reads an HTML table saved as .xls, keeping values as text", async () => {
    const html = "<table><tr><td>phone</td></tr><tr><td>00441234</td></tr></table>";
    expect(visible(await rowsOf("xls", html))).toEqual([
      { number: 1, cells: ["phone"] },
      { number: 2, cells: ["00441234"] },
    ]);
  });
});
