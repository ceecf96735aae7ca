/**
 * @edgepost/libsql-server throughput and latency, next to the ceiling of the embedded engine it wraps.
 *
 *   cd bench && pnpm exec tsx libsql-server.bench.ts [--rows 20000] [--selects 2000]
 *
 * (a) the raw native `libsql` engine: a prepared INSERT of N rows in one transaction, N point SELECTs;
 * (b) the same data through the server with `@libsql/client` over HTTP on loopback: inserts in one
 *     batch (single-row and multi-row statements), point SELECTs sequentially and 16 at a time, and
 *     single-row autocommit INSERTs. The server runs in a child process, as it does in development,
 *     with its defaults (WAL, synchronous=NORMAL), which the engine case uses too.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startLibsqlServer } from "@edgepost/libsql-server";
import { createClient, type InStatement } from "@libsql/client";
import Database from "libsql";

const SCHEMA =
  "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER NOT NULL, price REAL)";
const MULTI_ROW = 100;
const CONCURRENCY = 16;
/** Untimed requests first, so that both processes' JIT has warmed up. */
const WARMUP = 300;

interface Figure {
  case: string;
  ops: number;
  seconds: number;
  unit: string;
  latencies?: number[];
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function print(title: string, figures: Figure[]): void {
  console.log(`\n${title}`);
  console.log(
    `${"case".padEnd(52)} ${"ops".padStart(7)} ${"time".padStart(9)} ${"rate".padStart(16)} ${"p50".padStart(9)} ${"p99".padStart(9)}`,
  );
  for (const f of figures) {
    const sorted = f.latencies ? [...f.latencies].sort((a, b) => a - b) : undefined;
    const ms = (v: number | undefined) => (v === undefined ? "" : `${v.toFixed(3)}ms`);
    console.log(
      `${f.case.padEnd(52)} ${String(f.ops).padStart(7)} ${`${(f.seconds * 1000).toFixed(0)}ms`.padStart(9)} ` +
        `${`${Math.round(f.ops / f.seconds).toLocaleString("en-US")} ${f.unit}`.padStart(16)} ` +
        `${ms(sorted && percentile(sorted, 50)).padStart(9)} ${ms(sorted && percentile(sorted, 99)).padStart(9)}`,
    );
  }
}

const row = (i: number) => [`item-${i}`, i % 97, i / 7] as const;

function benchEngine(file: string, rows: number, selects: number): Figure[] {
  const db = new Database(file);
  db.exec("PRAGMA journal_mode = WAL");
  db.exec("PRAGMA synchronous = NORMAL"); // what the server uses
  db.exec(SCHEMA);
  const insert = db.prepare("INSERT INTO items (name, qty, price) VALUES (?, ?, ?)");
  let started = performance.now();
  db.exec("BEGIN");
  for (let i = 0; i < rows; i++) insert.run([...row(i)]);
  db.exec("COMMIT");
  const insertSeconds = (performance.now() - started) / 1000;

  const select = db.prepare("SELECT * FROM items WHERE id = ?");
  select.safeIntegers(true);
  const latencies: number[] = [];
  started = performance.now();
  for (let i = 0; i < selects; i++) {
    const t0 = performance.now();
    select.get([BigInt(1 + ((i * 7919) % rows))]);
    latencies.push(performance.now() - t0);
  }
  const selectSeconds = (performance.now() - started) / 1000;
  db.close();
  return [
    {
      case: `prepared INSERT x${rows} in one transaction`,
      ops: rows,
      seconds: insertSeconds,
      unit: "rows/s",
    },
    { case: `point SELECT x${selects}`, ops: selects, seconds: selectSeconds, unit: "selects/s", latencies },
  ];
}

async function timed<T>(run: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await run();
  return [(performance.now() - started) / 1000, result];
}

async function benchServer(url: string, rows: number, selects: number): Promise<Figure[]> {
  const client = createClient({ url, concurrency: CONCURRENCY });
  await client.execute(SCHEMA);
  const single: InStatement[] = Array.from({ length: rows }, (_, i) => ({
    sql: "INSERT INTO items (name, qty, price) VALUES (?, ?, ?)",
    args: [...row(i)],
  }));
  const [singleSeconds] = await timed(() => client.batch(single, "write"));

  const values = Array.from({ length: MULTI_ROW }, () => "(?, ?, ?)").join(", ");
  const multi: InStatement[] = Array.from({ length: rows / MULTI_ROW }, (_, b) => ({
    sql: `INSERT INTO items (name, qty, price) VALUES ${values}`,
    args: Array.from({ length: MULTI_ROW }, (_, i) => row(rows + b * MULTI_ROW + i)).flat(),
  }));
  const [multiSeconds] = await timed(() => client.batch(multi, "write"));
  const total = 2 * rows;

  const pick = (i: number) => 1 + ((i * 7919) % total);
  for (let i = 0; i < WARMUP; i++)
    await client.execute({ sql: "SELECT * FROM items WHERE id = ?", args: [pick(i)] });
  const sequential: number[] = [];
  const [seqSeconds] = await timed(async () => {
    for (let i = 0; i < selects; i++) {
      const t0 = performance.now();
      await client.execute({ sql: "SELECT * FROM items WHERE id = ?", args: [pick(i)] });
      sequential.push(performance.now() - t0);
    }
  });

  const concurrent: number[] = [];
  let next = 0;
  const [concSeconds] = await timed(() =>
    Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < selects) {
          const i = next++;
          const t0 = performance.now();
          await client.execute({ sql: "SELECT * FROM items WHERE id = ?", args: [pick(i)] });
          concurrent.push(performance.now() - t0);
        }
      }),
    ),
  );

  // The HTTP floor: the same loopback round trip with no database work (fetch, node:http, no Hrana).
  const health: number[] = [];
  const [healthSeconds] = await timed(async () => {
    for (let i = 0; i < selects; i++) {
      const t0 = performance.now();
      await (await fetch(new URL("/health", url))).text();
      health.push(performance.now() - t0);
    }
  });

  const inserts = Math.min(1000, selects);
  const insertLatencies: number[] = [];
  const [insSeconds] = await timed(async () => {
    for (let i = 0; i < inserts; i++) {
      const t0 = performance.now();
      await client.execute({
        sql: "INSERT INTO items (name, qty, price) VALUES (?, ?, ?)",
        args: [...row(i)],
      });
      insertLatencies.push(performance.now() - t0);
    }
  });
  const count = await client.execute("SELECT count(*) AS n FROM items");
  if (Number(count.rows[0]?.n) !== total + inserts)
    throw new Error(`row count mismatch: ${count.rows[0]?.n}`);
  client.close();
  return [
    {
      case: `batch of ${rows} single-row INSERTs ("write")`,
      ops: rows,
      seconds: singleSeconds,
      unit: "rows/s",
    },
    {
      case: `batch of ${rows / MULTI_ROW} INSERTs x ${MULTI_ROW} rows ("write")`,
      ops: rows,
      seconds: multiSeconds,
      unit: "rows/s",
    },
    {
      case: `point SELECT x${selects}, sequential execute()`,
      ops: selects,
      seconds: seqSeconds,
      unit: "req/s",
      latencies: sequential,
    },
    {
      case: `point SELECT x${selects}, ${CONCURRENCY} concurrent execute()`,
      ops: selects,
      seconds: concSeconds,
      unit: "req/s",
      latencies: concurrent,
    },
    {
      case: `GET /health x${selects}, sequential fetch() (HTTP floor)`,
      ops: selects,
      seconds: healthSeconds,
      unit: "req/s",
      latencies: health,
    },
    {
      case: `autocommit INSERT x${inserts}, sequential execute()`,
      ops: inserts,
      seconds: insSeconds,
      unit: "req/s",
      latencies: insertLatencies,
    },
  ];
}

/** Child-process mode: serve the database until the parent disconnects. */
async function serve(path: string): Promise<void> {
  const server = await startLibsqlServer({ path, port: 0 });
  process.send?.({ url: server.url });
  process.on("disconnect", () => {
    void server.close().then(() => process.exit(0));
  });
}

function startServerProcess(path: string): Promise<{ url: string; stop(): void }> {
  const child = fork(process.argv[1] ?? "", ["--serve", path], { stdio: "inherit" });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`server process exited with ${code}`)));
    child.once("message", (message: { url?: string }) => {
      if (typeof message.url !== "string") return reject(new Error("no URL from the server process"));
      resolve({ url: message.url, stop: () => child.disconnect() });
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { serve: { type: "string" }, rows: { type: "string" }, selects: { type: "string" } },
  });
  if (values.serve !== undefined) return serve(values.serve);
  const rows = Math.max(MULTI_ROW, Math.round(Number(values.rows ?? 20_000) / MULTI_ROW) * MULTI_ROW);
  const selects = Number(values.selects ?? 2_000);
  const dir = mkdtempSync(join(tmpdir(), "libsql-server-bench-"));
  try {
    console.log(`libsql-server bench: ${rows} rows, ${selects} point selects, node ${process.version}`);
    print("(a) embedded libsql engine (ceiling)", benchEngine(join(dir, "engine.db"), rows, selects));
    const server = await startServerProcess(join(dir, "server.db"));
    try {
      print(
        `(b) through the server, @libsql/client over HTTP (${server.url})`,
        await benchServer(server.url, rows, selects),
      );
    } finally {
      server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
