import Papa from "papaparse";
import { expect, test } from "vitest";
import { bytesSource } from "../src/index";
import { collect, readCsv, rowsOf } from "./rows";

/** A seeded generator (mulberry32): the same files on every run, a different one per seed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  "a",
  "Zoë",
  "x@example.com",
  " ",
  ",",
  '"',
  "\n",
  "\r\n",
  "\r",
  "😀",
  "日本",
  ";",
  "\t",
  "'",
  "=1+1",
  "",
];

/** A random CSV file as RFC 4180 writes it, and the cells it holds. */
function generate(next: () => number): { text: string; rows: string[][] } {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const newline = pick(["\n", "\r\n"]);
  const width = 1 + Math.floor(next() * 5);
  const rows: string[][] = [];
  const lines: string[] = [];
  for (let r = Math.floor(next() * 40); r > 0; r--) {
    const cells: string[] = [];
    for (let c = 0; c < width; c++) {
      let cell = "";
      for (let n = Math.floor(next() * 4); n > 0; n--) cell += pick(PIECES);
      cells.push(cell);
    }
    rows.push(cells);
    lines.push(
      cells
        .map((cell) => (/[",\r\n]/.test(cell) || next() < 0.1 ? `"${cell.replaceAll('"', '""')}"` : cell))
        .join(","),
    );
  }
  return { text: lines.join(newline) + (next() < 0.5 ? newline : ""), rows };
}

test("reads generated CSV as papaparse does, and as it was written, in any window size, resuming anywhere", async () => {
  for (let seed = 1; seed <= 300; seed++) {
    const next = random(seed);
    const { text, rows } = generate(next);
    const withText = rows.filter((cells) => cells.some((cell) => cell.trim() !== ""));
    const papa = Papa.parse<string[]>(text, { delimiter: ",", skipEmptyLines: "greedy" }).data;
    const read = await rowsOf("csv", text, { delimiter: "," });
    const context = `seed ${seed}: ${JSON.stringify(text)}`;
    expect(
      read.map((row) => row.cells),
      context,
    ).toEqual(papa);
    expect(
      read.map((row) => row.cells),
      context,
    ).toEqual(withText);

    const source = bytesSource(new TextEncoder().encode(text));
    const window = 1 + Math.floor(next() * 16);
    expect(await collect(readCsv(source, { delimiter: "," }, window)), context).toEqual(read);
    const cut = Math.floor(next() * read.length);
    const cursor = read[cut]?.cursor;
    if (cursor !== undefined) {
      expect(await collect(readCsv(source, { cursor }, window)), context).toEqual(read.slice(cut + 1));
    }
  }
});
