/**
 * Reading a 1,000,000-row CSV file on one core: Edgepost's `readRows("csv", …)` (a byte-level,
 * resumable tokenizer, reading the file in 1 MiB windows) next to papaparse on the same bytes.
 *
 *   cd bench && pnpm exec tsx csv.bench.ts [--rows 1000000] [--rounds 3]
 *
 * The file is generated in memory: email, phone, first name (one in three non-ASCII), and a quoted
 * field with a comma in it, CRLF line ends. readRows reads it through `bytesSource`, so no I/O is
 * timed, and hands over each row with its cursor. papaparse parses the same bytes decoded to a string
 * (its time includes TextDecoder, also printed on its own), twice: row by row (`step`, as readRows
 * hands rows over) and all rows at once (the array it returns by default, which holds the whole file's
 * cells). All warm up untimed, then run R rounds each, alternating; readRows and papaparse are checked
 * to give the same cells first. Printed: rows/s over all rounds and for the best round, and the
 * ratios. On a busy machine the figures move by tens of percent from run to run: compare within a run.
 */
import { parseArgs } from "node:util";
import Papa from "papaparse";
import { bytesSource, readRows } from "../packages/tabular/src/index";

const { values } = parseArgs({ options: { rows: { type: "string" }, rounds: { type: "string" } } });
const ROWS = Number(values.rows ?? 1_000_000);
const ROUNDS = Math.max(1, Number(values.rounds ?? 3));

const FIRST = ["Ada", "Zoë", "Jürgen", "Grace", "Chloé", "Alan", "Søren", "Linus", "Łukasz"];
const LAST = ["Lovelace", "Müller", "Hopper", "Dvořák", "Turing", "O'Connor", "Nuñez"];

function generate(rows: number): Uint8Array {
  const lines = ["email,phone,first_name,full_name\r\n"];
  for (let i = 1; i < rows; i++) {
    const first = FIRST[i % FIRST.length];
    lines.push(
      `customer.${i}@example.com,+44 7700 ${String(i % 1_000_000).padStart(6, "0")},${first},"${LAST[i % LAST.length]}, ${first}"\r\n`,
    );
  }
  return new TextEncoder().encode(lines.join(""));
}

async function edgepost(bytes: Uint8Array): Promise<number> {
  let rows = 0;
  for await (const row of readRows("csv", bytesSource(bytes))) rows += row.cells.length > 0 ? 1 : 0;
  return rows;
}

function papaparseSteps(bytes: Uint8Array): number {
  let rows = 0;
  Papa.parse<string[]>(new TextDecoder().decode(bytes), {
    skipEmptyLines: true,
    step: (row) => {
      rows += row.data.length > 0 ? 1 : 0;
    },
  });
  return rows;
}

function papaparseArray(bytes: Uint8Array): number {
  return Papa.parse<string[]>(new TextDecoder().decode(bytes), { skipEmptyLines: true }).data.length;
}

async function time(run: () => number | Promise<number>): Promise<{ ms: number; rows: number }> {
  const start = performance.now();
  const rows = await run();
  return { ms: performance.now() - start, rows };
}

const bytes = generate(ROWS);
console.log(
  `csv.bench: ${ROWS.toLocaleString("en")} rows, ${(bytes.length / 2 ** 20).toFixed(1)} MiB, ${ROUNDS} rounds, Node ${process.version}`,
);

// Same cells from both, on a sample.
const sample = bytes.subarray(0, bytes.indexOf(0x0a, 200_000) + 1);
const ours: string[][] = [];
for await (const row of readRows("csv", bytesSource(sample))) ours.push(row.cells);
const theirs = Papa.parse<string[]>(new TextDecoder().decode(sample), { skipEmptyLines: true }).data;
if (JSON.stringify(ours) !== JSON.stringify(theirs)) throw new Error("readRows and papaparse disagree");

const cases = {
  "readRows (edgepost)": () => edgepost(bytes),
  "papaparse, row by row": () => papaparseSteps(bytes),
  "papaparse, all at once": () => papaparseArray(bytes),
  "  TextDecoder alone": () => new TextDecoder().decode(bytes).length && ROWS,
};
for (const run of Object.values(cases)) await run();
const results = new Map<string, number[]>(Object.keys(cases).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(cases)) {
    const { ms, rows } = await time(run);
    if (rows !== ROWS) throw new Error(`${name} read ${rows} rows, not ${ROWS}`);
    results.get(name)?.push(ms);
  }
}

console.log(
  `${"case".padEnd(28)} ${"rows/s overall".padStart(16)} ${"rows/s best".padStart(14)}   rounds (ms)`,
);
const overall = new Map<string, number>();
for (const [name, times] of results) {
  const total = times.reduce((sum, ms) => sum + ms, 0);
  const perSecond = (ms: number) => Math.round((ROWS * times.length * 1000) / ms);
  overall.set(name, perSecond(total));
  console.log(
    `${name.padEnd(28)} ${perSecond(total).toLocaleString("en").padStart(16)} ${Math.round(
      (ROWS * 1000) / Math.min(...times),
    )
      .toLocaleString("en")
      .padStart(14)}   ${times.map((ms) => ms.toFixed(0)).join(" / ")}`,
  );
}
const edgepostRate = overall.get("readRows (edgepost)") ?? 0;
for (const reference of ["papaparse, row by row", "papaparse, all at once"]) {
  console.log(`readRows / ${reference}: ${(edgepostRate / (overall.get(reference) ?? 1)).toFixed(2)}x`);
}
