/**
 * @edgepost/libsql-server next to what bounds it, in interleaved rounds (A B A B …), with the median
 * and range of the per-round ratios.
 *
 *   cd bench && pnpm exec tsx libsql-server.bench.ts [--rows 20000] [--selects 2000] [--rounds 5]
 *
 * Each round, in alternating order:
 * - batches: the same `INSERT … VALUES` statements of 100 rows into the same table, all in one
 *   transaction — (a) run by the embedded `libsql` engine in this process, (b) sent to the server in
 *   one `@libsql/client` batch over HTTP, and the same batch answered without the database by a bare
 *   responder that reads the JSON (the transport's floor);
 * - point SELECTs, one at a time: (b) through the server with `@libsql/client`, next to two floors of
 *   the same loopback round trip without the database — `GET /health` (no body, as earlier notes
 *   measured), and the same client `execute()` answered by a canned Hrana reply from a bare
 *   `node:http` server in the server's process (the same request and answer on the wire).
 * The server and the canned responder run in a child process, as the server does in development,
 * with its defaults (WAL, synchronous=NORMAL), which the engine case uses too.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startLibsqlServer } from "@edgepost/libsql-server";
import { createClient, type InStatement } from "@libsql/client";
import Database from "libsql";

const SCHEMA =
  "CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER NOT NULL, price REAL)";
const MULTI_ROW = 100;
/** Untimed requests first, so that both processes' JIT has warmed up. */
const WARMUP = 300;
const VALUES = Array.from({ length: MULTI_ROW }, () => "(?, ?, ?)").join(", ");
const INSERT = `INSERT INTO items (name, qty, price) VALUES ${VALUES}`;
const row = (i: number) => [`item-${i}`, i % 97, i / 7] as const;
const chunkArgs = (first: number) =>
  Array.from({ length: MULTI_ROW }, (_, i) => row(first + i)).flat() as (string | number)[];

/** The engine: the same 100-row statements, prepared once, in one transaction. Rows per second. */
function engineBatches(db: Database.Database, rows: number, first: number): number {
  const insert = db.prepare(INSERT);
  const started = performance.now();
  db.exec("BEGIN");
  for (let at = 0; at < rows; at += MULTI_ROW) insert.run(chunkArgs(first + at));
  db.exec("COMMIT");
  return rows / ((performance.now() - started) / 1000);
}

async function serverBatches(client: ReturnType<typeof createClient>, rows: number, first: number) {
  const statements: InStatement[] = [];
  for (let at = 0; at < rows; at += MULTI_ROW) statements.push({ sql: INSERT, args: chunkArgs(first + at) });
  const started = performance.now();
  await client.batch(statements, "write");
  return rows / ((performance.now() - started) / 1000);
}

/** Sequential requests per second, and their latencies. */
async function sequential(n: number, request: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await request(i);
    latencies.push(performance.now() - t0);
  }
  return { rate: n / ((performance.now() - started) / 1000), latencies };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const range = (xs: number[], digits = 2) =>
  `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
const p50 = (xs: number[]) => median(xs).toFixed(3);

/** Child-process mode: the server, and a bare responder answering every pipeline with one canned reply. */
async function serve(path: string): Promise<void> {
  const server = await startLibsqlServer({ path, port: 0 });
  const canned = JSON.stringify({
    baton: null,
    base_url: null,
    results: [
      {
        type: "ok",
        response: {
          type: "execute",
          result: {
            cols: ["id", "name", "qty", "price"].map((name) => ({ name, decltype: null })),
            rows: [
              [
                { type: "integer", value: "1" },
                { type: "text", value: "item-1" },
                { type: "integer", value: "1" },
                { type: "float", value: 0.14285714285714285 },
              ],
            ],
            affected_row_count: 0,
            last_insert_rowid: null,
          },
        },
      },
      { type: "ok", response: { type: "close" } },
    ],
  });
  // Reads the request as the server must (JSON), answers without the database: a batch with an empty
  // result per step, anything else with the canned row.
  const bare = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method === "GET") {
        res.writeHead(200, { "content-type": "text/plain" });
        return res.end("ok\n");
      }
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        requests: { type: string; batch?: { steps: unknown[] } }[];
      };
      const steps = body.requests.find((r) => r.type === "batch")?.batch?.steps.length;
      const reply =
        steps === undefined
          ? canned
          : JSON.stringify({
              baton: null,
              base_url: null,
              results: body.requests.map((r) =>
                r.type === "batch"
                  ? {
                      type: "ok",
                      response: {
                        type: "batch",
                        result: {
                          step_results: Array.from({ length: steps }, () => ({
                            cols: [],
                            rows: [],
                            affected_row_count: 1,
                            last_insert_rowid: null,
                          })),
                          step_errors: Array.from({ length: steps }, () => null),
                        },
                      },
                    }
                  : { type: "ok", response: { type: r.type } },
              ),
            });
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(reply) });
      res.end(reply);
    });
  });
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const port = (bare.address() as AddressInfo).port;
  process.send?.({ url: server.url, canned: `http://127.0.0.1:${port}` });
  process.on("disconnect", () => {
    bare.close();
    void server.close().then(() => process.exit(0));
  });
}

function startServerProcess(path: string): Promise<{ url: string; canned: string; stop(): void }> {
  const child = fork(process.argv[1] ?? "", ["--serve", path], { stdio: "inherit" });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`server process exited with ${code}`)));
    child.once("message", (message: { url?: string; canned?: string }) => {
      if (typeof message.url !== "string" || typeof message.canned !== "string")
        return reject(new Error("no URL from the server process"));
      resolve({ url: message.url, canned: message.canned, stop: () => child.disconnect() });
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      serve: { type: "string" },
      rows: { type: "string" },
      selects: { type: "string" },
      rounds: { type: "string" },
    },
  });
  if (values.serve !== undefined) return serve(values.serve);
  const rows = Math.max(MULTI_ROW, Math.round(Number(values.rows ?? 20_000) / MULTI_ROW) * MULTI_ROW);
  const selects = Number(values.selects ?? 2_000);
  const rounds = Math.max(1, Number(values.rounds ?? 5));
  const dir = mkdtempSync(join(tmpdir(), "libsql-server-bench-"));
  const engine = new Database(join(dir, "engine.db"));
  engine.exec("PRAGMA journal_mode = WAL");
  engine.exec("PRAGMA synchronous = NORMAL"); // what the server uses
  engine.exec(SCHEMA);
  const server = await startServerProcess(join(dir, "server.db"));
  const client = createClient({ url: server.url });
  const cannedClient = createClient({ url: server.canned });
  try {
    console.log(
      `libsql-server bench: ${rows} rows in ${MULTI_ROW}-row statements, ${selects} point selects, ${rounds} rounds, node ${process.version}`,
    );
    await client.execute(SCHEMA);
    const select = (c: typeof client) => (i: number) =>
      c.execute({ sql: "SELECT * FROM items WHERE id = ?", args: [1 + ((i * 7919) % rows)] });
    const health = () => fetch(new URL("/health", server.url)).then((r) => r.text());
    // Warm-up: both processes' JIT, and rows to select.
    await serverBatches(client, rows, 0);
    for (let i = 0; i < WARMUP; i++) {
      await select(client)(i);
      await select(cannedClient)(i);
      await health();
    }
    const batchRatios: number[] = [];
    const floorBatchRatios: number[] = [];
    const floorRates: number[] = [];
    const engineRates: number[] = [];
    const serverRates: number[] = [];
    const selectRates: number[] = [];
    const cannedRates: number[] = [];
    const healthRates: number[] = [];
    const latency = { select: [] as number[], canned: [] as number[], health: [] as number[] };
    let first = rows;
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0;
      const batchRuns = [
        () => engineBatches(engine, rows, first),
        () => serverBatches(client, rows, first + rows),
        () => serverBatches(cannedClient, rows, first + 2 * rows),
      ];
      const measured: number[] = [];
      for (const index of order ? [0, 1, 2] : [2, 1, 0]) measured[index] = (await batchRuns[index]?.()) ?? 0;
      first += 3 * rows;
      const [engineRate = 0, serverRate = 0, floorRate = 0] = measured;
      engineRates.push(engineRate);
      serverRates.push(serverRate);
      floorRates.push(floorRate);
      batchRatios.push(serverRate / engineRate);
      floorBatchRatios.push(serverRate / floorRate);
      const runs = order
        ? [
            await sequential(selects, select(client)),
            await sequential(selects, select(cannedClient)),
            await sequential(selects, health),
          ]
        : [
            await sequential(selects, health),
            await sequential(selects, select(cannedClient)),
            await sequential(selects, select(client)),
          ];
      const [s, c, h] = order ? runs : [runs[2], runs[1], runs[0]];
      if (!s || !c || !h) throw new Error("a run is missing");
      selectRates.push(s.rate);
      cannedRates.push(c.rate);
      healthRates.push(h.rate);
      latency.select.push(...s.latencies);
      latency.canned.push(...c.latencies);
      latency.health.push(...h.latencies);
    }
    const k = (xs: number[]) => `${Math.round(median(xs)).toLocaleString("en")} (${range(xs, 0)})`;
    console.log("  100-row INSERT batches, one transaction           rows/s, median (range)");
    console.log(`    embedded engine                                  ${k(engineRates)}`);
    console.log(`    server, @libsql/client batch over HTTP           ${k(serverRates)}`);
    console.log(
      `    ratio server / engine                            ${median(batchRatios).toFixed(2)} (${range(batchRatios)})`,
    );
    console.log(`    same batch, answered without the database (floor) ${k(floorRates)}`);
    console.log(
      `    ratio server / same-exchange floor               ${median(floorBatchRatios).toFixed(2)} (${range(floorBatchRatios)})`,
    );
    console.log("  point SELECT, one at a time                         req/s, median (range); p50 latency");
    console.log(
      `    server, @libsql/client execute()                 ${k(selectRates)}; ${p50(latency.select)} ms`,
    );
    console.log(
      `    same execute(), canned Hrana reply (floor)       ${k(cannedRates)}; ${p50(latency.canned)} ms`,
    );
    console.log(
      `    GET /health, fetch() (bare floor)                ${k(healthRates)}; ${p50(latency.health)} ms`,
    );
    const toCanned = selectRates.map((rate, i) => rate / (cannedRates[i] ?? Number.NaN));
    const toHealth = selectRates.map((rate, i) => rate / (healthRates[i] ?? Number.NaN));
    console.log(
      `    ratio server / same-exchange floor               ${median(toCanned).toFixed(2)} (${range(toCanned)})`,
    );
    console.log(
      `    ratio server / GET /health floor                 ${median(toHealth).toFixed(2)} (${range(toHealth)})`,
    );
  } finally {
    client.close();
    cannedClient.close();
    engine.close();
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
