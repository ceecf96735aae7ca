import { describe, expect, test } from "vitest";
import { bytesSource, readRows, UnreadableFile } from "../src/index";
import { collect, expectResumable, readCsv, recordingSource, rowsOf, visible } from "./rows";

const encode = (text: string) => new TextEncoder().encode(text);
const join = (...parts: (string | Uint8Array)[]) => {
  const chunks = parts.map((part) => (typeof part === "string" ? encode(part) : part));
  const joined = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.length;
  }
  return joined;
};
const csv = async (content: string | Uint8Array, delimiter?: string) =>
  visible(await rowsOf("csv", content, delimiter === undefined ? {} : { delimiter }));
const MiB = 1 << 20;

describe("CSV records", () => {
  test("reads a header and rows, numbering them from 1, with a cursor and progress for each", async () => {
    const text = "email,first name\nada@example.com,Ada\nzoe@example.com,Zoë\n";
    const rows = await rowsOf("csv", text);
    expect(rows).toEqual([
      { number: 1, cells: ["email", "first name"], cursor: "csv1:17:1:44", progress: 17 / 58 },
      { number: 2, cells: ["ada@example.com", "Ada"], cursor: "csv1:37:2:44", progress: 37 / 58 },
      { number: 3, cells: ["zoe@example.com", "Zoë"], cursor: "csv1:58:3:44", progress: 1 },
    ]);
  });

  test("skips a UTF-8 byte order mark", async () => {
    expect(await csv("\uFEFFemail\nada@example.com")).toEqual([
      { number: 1, cells: ["email"] },
      { number: 2, cells: ["ada@example.com"] },
    ]);
  });

  test("ends records at CRLF, LF and a lone CR", async () => {
    expect(await csv("a,b\r\nc,d\ne,f\rg,h")).toEqual([
      { number: 1, cells: ["a", "b"] },
      { number: 2, cells: ["c", "d"] },
      { number: 3, cells: ["e", "f"] },
      { number: 4, cells: ["g", "h"] },
    ]);
  });

  test("reads quoted fields: delimiters, doubled quotes and line breaks inside; the number counts records, not lines", async () => {
    expect(
      await csv('name,note\n"Lovelace, Ada","says ""hi""","line 1\r\nline 2\nline 3"\nnext,row\n'),
    ).toEqual([
      { number: 1, cells: ["name", "note"] },
      { number: 2, cells: ["Lovelace, Ada", 'says "hi"', "line 1\r\nline 2\nline 3"] },
      { number: 3, cells: ["next", "row"] },
    ]);
  });

  test("is lenient like Excel: a quote inside an unquoted field is literal, text after a closing quote is kept", async () => {
    expect(await csv('5\'11",ab"c,"x"y z, "q"\n')).toEqual([
      { number: 1, cells: ["5'11\"", 'ab"c', "xy z", ' "q"'] },
    ]);
  });

  test("keeps empty fields, at the end too", async () => {
    expect(await csv("a,,c,\n,b,,\n")).toEqual([
      { number: 1, cells: ["a", "", "c", ""] },
      { number: 2, cells: ["", "b", "", ""] },
    ]);
  });

  test("does not emit blank lines or rows without text, but counts them", async () => {
    expect(await csv("a\n\n\r\n,,\n  ,\t\nb\n\n")).toEqual([
      { number: 1, cells: ["a"] },
      { number: 6, cells: ["b"] },
    ]);
  });

  test("a newline at the end of the file adds no row; a last record without one is read", async () => {
    expect(await csv("a\nb\n")).toEqual([
      { number: 1, cells: ["a"] },
      { number: 2, cells: ["b"] },
    ]);
    expect(await csv("a\nb")).toEqual([
      { number: 1, cells: ["a"] },
      { number: 2, cells: ["b"] },
    ]);
    expect(await csv("a\r\nb\r")).toEqual([
      { number: 1, cells: ["a"] },
      { number: 2, cells: ["b"] },
    ]);
  });

  test("yields no rows for an empty file, a lone BOM, or only line breaks", async () => {
    expect(await csv("")).toEqual([]);
    expect(await csv("\uFEFF")).toEqual([]);
    expect(await csv("\n\r\n\r\n")).toEqual([]);
  });
});

describe("CSV delimiter", () => {
  test("detects ; from the header, quotes and all", async () => {
    const rows = await rowsOf("csv", 'email;"name; full";amount\nada@example.com;"Ada; L";"1,50"\n');
    expect(visible(rows)).toEqual([
      { number: 1, cells: ["email", "name; full", "amount"] },
      { number: 2, cells: ["ada@example.com", "Ada; L", "1,50"] },
    ]);
    expect(rows[0]?.cursor).toMatch(/:59$/);
  });

  test("detects TAB and |, counting outside quotes only", async () => {
    expect(await csv("a\tb\tc\n1\t2\t3\n")).toEqual([
      { number: 1, cells: ["a", "b", "c"] },
      { number: 2, cells: ["1", "2", "3"] },
    ]);
    expect(await csv('a|"b,c,d"|e\n')).toEqual([{ number: 1, cells: ["a", "b,c,d", "e"] }]);
  });

  test("detects from the first non-blank record and defaults to a comma", async () => {
    expect(await csv("\n\na;b\nc;d\n")).toEqual([
      { number: 3, cells: ["a", "b"] },
      { number: 4, cells: ["c", "d"] },
    ]);
    expect(await csv("email\nada@example.com;x,y\n")).toEqual([
      { number: 1, cells: ["email"] },
      { number: 2, cells: ["ada@example.com;x", "y"] },
    ]);
  });

  test("uses the delimiter it is given, and refuses others", async () => {
    expect(await csv("a;b,c;d\n", ",")).toEqual([{ number: 1, cells: ["a;b", "c;d"] }]);
    await expect(csv("a\n", ":")).rejects.toThrow(/delimiter/);
  });

  test("keeps the detected delimiter when resuming", async () => {
    const text = "a;b\nc;d,e\nf;g\n";
    const rows = await rowsOf("csv", text);
    expect(visible(await rowsOf("csv", text, { cursor: rows[0]?.cursor }))).toEqual([
      { number: 2, cells: ["c", "d,e"] },
      { number: 3, cells: ["f", "g"] },
    ]);
  });
});

describe("CSV rows that cannot be read", () => {
  test("reports a record that is not UTF-8 and reads on", async () => {
    const rows = await rowsOf(
      "csv",
      join(
        "email,name\n",
        "ada@example.com,Ada\n",
        new Uint8Array([0x5a, 0xe9, 0x2c, 0x0a]),
        "zoe@example.com,Zo\u00eb\n",
      ),
    );
    expect(visible(rows)).toEqual([
      { number: 1, cells: ["email", "name"] },
      { number: 2, cells: ["ada@example.com", "Ada"] },
      { number: 3, cells: [], error: "is not valid UTF-8 text (save the file as CSV UTF-8)" },
      { number: 4, cells: ["zoe@example.com", "Zoë"] },
    ]);
  });

  test("reports a record over 1 MiB without holding it, then reads the next one", async () => {
    // Quoted line breaks, delimiters and doubled quotes inside: the skipper must keep track of them.
    const huge = `"${'x,\n\r\n""'.repeat(MiB / 4)}",tail`;
    const unquoted = "y".repeat(MiB + 1);
    const text = `email\n${huge}\nada@example.com\n${unquoted}\r\nzoe@example.com\n`;
    const expected = [
      { number: 1, cells: ["email"] },
      { number: 2, cells: [], error: "is longer than 1 MiB" },
      { number: 3, cells: ["ada@example.com"] },
      { number: 4, cells: [], error: "is longer than 1 MiB" },
      { number: 5, cells: ["zoe@example.com"] },
    ];
    expect(await csv(text)).toEqual(expected);
    for (const window of [4096, 65_537]) {
      expect(visible(await collect(readCsv(bytesSource(encode(text)), {}, window)))).toEqual(expected);
    }
  });

  test("reads a 5 MiB record in windows of 1 MiB, each byte once", async () => {
    const text = encode(`a\n"${"z".repeat(5 * MiB)}"\nb\n`);
    const source = recordingSource(text);
    expect(visible(await collect(readRows("csv", source)))).toEqual([
      { number: 1, cells: ["a"] },
      { number: 2, cells: [], error: "is longer than 1 MiB" },
      { number: 3, cells: ["b"] },
    ]);
    const [head, ...windows] = source.reads;
    expect(head).toEqual({ offset: 0, length: 64 << 10 }); // for the BOM and the delimiter
    expect(Math.max(...windows.map((read) => read.length))).toBeLessThanOrEqual(MiB);
    expect(windows.reduce((sum, read) => sum + Math.min(read.length, text.length - read.offset), 0)).toBe(
      text.length,
    );
  });

  test("a record of exactly 1 MiB is read", async () => {
    const cell = "z".repeat(MiB);
    const rows = await csv(`a\n${cell}\nb\n`);
    expect(rows.map((row) => row.cells[0]?.length)).toEqual([1, MiB, 1]);
  });

  test("reports a quote never closed, at the end of the file", async () => {
    const rows = await rowsOf("csv", 'a,b\nc,"never closed\nd,e\n');
    expect(visible(rows)).toEqual([
      { number: 1, cells: ["a", "b"] },
      { number: 2, cells: [], error: "has a quote that is never closed" },
    ]);
    expect(rows[1]?.progress).toBe(1);
  });

  test("refuses UTF-16 text and workbooks", async () => {
    const utf16le = new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00]);
    await expect(rowsOf("csv", utf16le)).rejects.toThrow(
      new UnreadableFile("is UTF-16 text: save it as CSV UTF-8"),
    );
    await expect(rowsOf("csv", new Uint8Array([0xfe, 0xff, 0x00, 0x61]))).rejects.toBeInstanceOf(
      UnreadableFile,
    );
    await expect(rowsOf("csv", join("PK\x03\x04", "rest"))).rejects.toThrow(/Excel workbook/);
  });
});

describe("CSV cursors", () => {
  const text = join(
    "\uFEFFemail;note\r\n",
    'ada@example.com;"two\r\nlines"\r\n',
    "\r\n",
    new Uint8Array([0xc3, 0x28, 0x0d, 0x0a]),
    "zoe@example.com;Zoë\r\n",
    ";\r\n",
    'x@example.com;"a ""quote"""',
  );

  test("resuming from any row's cursor yields exactly the rows after it", async () => {
    const rows = await rowsOf("csv", text);
    expect(rows.map((row) => row.number)).toEqual([1, 2, 4, 5, 7]);
    await expectResumable(
      rows,
      (cursor) => rowsOf("csv", text, { cursor }),
      (a, b) => expect(a).toEqual(b),
    );
    for (const window of [1, 2, 3, 5, 8]) {
      const source = bytesSource(text);
      const small = await collect(readCsv(source, {}, window));
      expect(small).toEqual(rows);
      await expectResumable(
        rows,
        (cursor) => collect(readCsv(source, { cursor }, window)),
        (a, b) => expect(a).toEqual(b),
      );
    }
  });

  test("progress grows to 1", async () => {
    const rows = await rowsOf("csv", text);
    const progress = rows.map((row) => row.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1);
  });

  test("refuses a malformed cursor", async () => {
    for (const cursor of ["", "csv1:x:1:44", "xlsx1:3", "csv1:10:1:44:1", "csv1:999:1:44", "csv1:0:0:65"]) {
      await expect(rowsOf("csv", "a,b\nc,d\n", { cursor })).rejects.toThrow(Error);
    }
    await expect(rowsOf("csv", "a\n", { cursor: "csv1:999:1:44" })).rejects.not.toBeInstanceOf(
      UnreadableFile,
    );
  });
});

describe("CSV windows", () => {
  test("rows straddling the 1 MiB windows read the same as with any other window", async () => {
    const lines: string[] = [];
    for (let i = 0, length = 0; length < 2.5 * MiB; i++) {
      lines.push(`user${i}@example.com,"Nom ${i}, é ${"🙂".repeat(i % 7)}","multi\nline ${i}"\r\n`);
      length += lines[i]?.length ?? 0;
    }
    const bytes = encode(lines.join(""));
    const rows = await rowsOf("csv", bytes);
    expect(rows).toHaveLength(lines.length);
    expect(rows[lines.length - 1]?.cells[0]).toBe(`user${lines.length - 1}@example.com`);
    expect(rows.map((row) => row.number)).toEqual(lines.map((_, index) => index + 1));
    const straddling = rows.findIndex((row) => Number(row.cursor.split(":")[1]) > MiB);
    const tail = await rowsOf("csv", bytes, { cursor: rows[straddling - 1]?.cursor });
    expect(tail).toEqual(rows.slice(straddling));
    expect(await collect(readCsv(bytesSource(bytes), {}, 10_007))).toEqual(rows);
  });
});
