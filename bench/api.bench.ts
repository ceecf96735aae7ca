/**
 * Requests per second and latency of the API worker in workerd, next to a bare Hono route served by
 * the same workerd process: the ceiling of the runtime and of HTTP on loopback.
 *
 *   cd bench && pnpm exec tsx api.bench.ts [--requests 2000] [--warmup 200] [--concurrency 1,16] [--rounds 3]
 *
 * One Miniflare (= one workerd process) runs two workers, each on its own direct socket:
 *   - the real API worker (workers/api), bundled and configured as the local stack does it (its own
 *     wrangler config, the local stack's bundler, the secrets the stack passes);
 *   - a bare worker: `app.get("/bare", (c) => c.json({ ok: true }))` on the same `hono`.
 * The database is a migrated file with a seeded account and API key, served by @edgepost/libsql-server
 * with a bearer token in a child process, as in development (Turso in production is further away).
 * Node drives the load with plain `fetch` to 127.0.0.1, N requests per row after untimed warm-up,
 * with 1 and 16 requests in flight, in rounds of the three rows in alternating order (each row
 * shows its median round, and each API row its per-round ratio to /bare: median and range). Rows:
 *   - GET /bare          the reference: runtime + HTTP, no bindings check, no database;
 *   - GET /healthz       the API worker, no auth, one `select 1` round trip to the database;
 *   - GET /v1/account    the API worker with an API key: key lookup + account read.
 * Besides rate and latency it prints, per request, how many HTTP requests reached the database
 * server and the CPU time of workerd, of the database server process and of this Node process
 * (from /proc and process.cpuUsage; "n/a" where /proc is not there).
 */
import { fork } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { startLibsqlServer } from "@edgepost/libsql-server";
import { Log, LogLevel, Miniflare, type WorkerOptions } from "miniflare";
import { migrateDatabase } from "../packages/db/src/migrate";
import { createNodeDb } from "../packages/db/src/node";
import { seedDemo } from "../packages/local-stack/src/seed-demo";
import { workerOptions } from "../packages/local-stack/src/workers";
import { bundleBareWorker, procCpuMs, workerdCpuMs } from "./bare-worker";

/** Where the bare worker resolves `hono`: the very version the API uses. */
const API_DIR = fileURLToPath(new URL("../workers/api/", import.meta.url));
/** No request may take longer than this; a row stops issuing requests after ROW_SECONDS. */
const REQUEST_TIMEOUT_MS = 10_000;
const ROW_SECONDS = 20;
/**
 * The API limits requests per API key with rate-limiting bindings (60 a minute on the free plan):
 * a benchmark from one key would measure 429s. Their limits are raised to this (per their own period);
 * the bindings are still called on every request, so their cost stays in the figures.
 */
const RAISED_RATE_LIMIT = 1_000_000_000;
type RateLimitConfig = NonNullable<WorkerOptions["ratelimits"]>[string];

interface Figure {
  case: string;
  ops: number;
  seconds: number;
  unit: string;
  latencies: number[];
  dbRequests: number;
  cpu: { workerd?: number; libsql?: number; node: number };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function print(title: string, figures: Figure[]): void {
  console.log(`\n${title}`);
  console.log(
    `${"case".padEnd(52)} ${"ops".padStart(7)} ${"time".padStart(9)} ${"rate".padStart(16)} ${"p50".padStart(9)} ${"p99".padStart(9)}` +
      ` ${"db/op".padStart(6)} ${"cpu/op: workerd".padStart(16)} ${"libsql".padStart(9)} ${"node".padStart(9)}`,
  );
  const ms = (v: number | undefined) => (v === undefined ? "n/a" : `${v.toFixed(3)}ms`);
  for (const f of figures) {
    const sorted = [...f.latencies].sort((a, b) => a - b);
    const perOp = (v: number | undefined) => ms(v === undefined ? undefined : v / f.ops);
    console.log(
      `${f.case.padEnd(52)} ${String(f.ops).padStart(7)} ${`${(f.seconds * 1000).toFixed(0)}ms`.padStart(9)} ` +
        `${`${Math.round(f.ops / f.seconds).toLocaleString("en-US")} ${f.unit}`.padStart(16)} ` +
        `${ms(percentile(sorted, 50)).padStart(9)} ${ms(percentile(sorted, 99)).padStart(9)} ` +
        `${(f.dbRequests / f.ops).toFixed(2).padStart(6)} ${perOp(f.cpu.workerd).padStart(16)} ` +
        `${perOp(f.cpu.libsql).padStart(9)} ${perOp(f.cpu.node).padStart(9)}`,
    );
  }
}

const diff = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? undefined : b - a;

interface DatabaseProcess {
  url: string;
  pid: number;
  /** HTTP requests the server has received so far. */
  requests(): Promise<number>;
  stop(): void;
}

/** Child-process mode: serve the database until the parent disconnects, counting HTTP requests. */
async function serve(path: string, authToken: string): Promise<void> {
  let requests = 0;
  subscribe("http.server.request.start", () => requests++);
  const server = await startLibsqlServer({ path, port: 0, authToken });
  process.on("message", (message: { count?: boolean }) => {
    if (message.count) process.send?.({ requests });
  });
  process.send?.({ url: server.url });
  process.on("disconnect", () => {
    void server.close().then(() => process.exit(0));
  });
}

function startDatabaseProcess(path: string, authToken: string): Promise<DatabaseProcess> {
  const child = fork(process.argv[1] ?? "", ["--serve", path, `--token=${authToken}`], { stdio: "inherit" });
  const requests = () =>
    new Promise<number>((resolve) => {
      const onMessage = (message: { requests?: number }) => {
        if (typeof message.requests !== "number") return;
        child.off("message", onMessage);
        resolve(message.requests);
      };
      child.on("message", onMessage);
      child.send({ count: true });
    });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`database process exited with ${code}`)));
    child.once("message", (message: { url?: string }) => {
      if (typeof message.url !== "string" || child.pid === undefined) {
        return reject(new Error("no URL from the database process"));
      }
      resolve({ url: message.url, pid: child.pid, requests, stop: () => child.disconnect() });
    });
  });
}

interface Target {
  case: string;
  url: string;
  headers?: Record<string, string>;
}

async function request(target: Target): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(target.url, {
    headers: target.headers,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`${target.case}: ${res.status} ${body.slice(0, 300)}`);
  return performance.now() - t0;
}

/** `total` requests, `concurrency` in flight, stopping early (and saying so) after ROW_SECONDS. */
async function drive(target: Target, total: number, concurrency: number): Promise<[number, number[]]> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + ROW_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total && performance.now() < deadline) {
        next++;
        latencies.push(await request(target));
      }
    }),
  );
  return [(performance.now() - started) / 1000, latencies];
}

async function measure(
  target: Target,
  db: DatabaseProcess,
  requests: number,
  warmup: number,
  concurrency: number,
): Promise<Figure> {
  await drive(target, warmup, concurrency);
  const db0 = await db.requests();
  const workerd0 = workerdCpuMs();
  const libsql0 = procCpuMs(db.pid);
  const node0 = process.cpuUsage();
  const [seconds, latencies] = await drive(target, requests, concurrency);
  const node = process.cpuUsage(node0);
  const cpu = {
    workerd: diff(workerd0, workerdCpuMs()),
    libsql: diff(libsql0, procCpuMs(db.pid)),
    node: (node.user + node.system) / 1000,
  };
  const dbRequests = (await db.requests()) - db0;
  const cut = latencies.length < requests ? ` (cut at ${ROW_SECONDS}s)` : "";
  return {
    case: `${target.case}${cut}`,
    ops: latencies.length,
    seconds,
    unit: "req/s",
    latencies,
    dbRequests,
    cpu,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      serve: { type: "string" },
      token: { type: "string" },
      requests: { type: "string" },
      warmup: { type: "string" },
      concurrency: { type: "string" },
      rounds: { type: "string" },
    },
  });
  if (values.serve !== undefined) return serve(values.serve, values.token ?? "");
  const requests = Math.max(1, Number(values.requests ?? 2_000));
  let warmup = Math.max(0, Number(values.warmup ?? 200));
  const rounds = Math.max(1, Number(values.rounds ?? 3));
  const concurrencies = (values.concurrency ?? "1,16").split(",").map((c) => Math.max(1, Number(c)));

  const dir = mkdtempSync(join(tmpdir(), "api-bench-"));
  const stops: (() => Promise<unknown>)[] = [];
  try {
    // A migrated database with the local stack's demo account and an API key, seeded through the
    // domain verbs before the server opens the file.
    const path = join(dir, "edgepost.db");
    await migrateDatabase({ url: `file:${path}` });
    const seedDb = createNodeDb({ url: `file:${path}` });
    const background: Promise<unknown>[] = [];
    const signingSecret = randomBytes(32).toString("base64url");
    const seedCtx = {
      db: seedDb,
      now: () => new Date(),
      waitUntil: (work: Promise<unknown>) => background.push(work),
    };
    const demo = await seedDemo(seedCtx, signingSecret).finally(async () => {
      await Promise.allSettled(background);
      seedDb.$client.close();
    });

    const authToken = randomBytes(24).toString("base64url");
    const db = await startDatabaseProcess(path, authToken);
    stops.push(async () => db.stop());

    const operatorKey = `ep_op_${randomBytes(24).toString("base64url")}`;
    const secrets = {
      LIBSQL_URL: db.url,
      LIBSQL_AUTH_TOKEN: authToken,
      SIGNING_SECRET: signingSecret,
      OPERATOR_KEY_HASH: createHash("sha256").update(operatorKey).digest("hex"),
    };
    const api = await workerOptions("api", join(dir, "build"), secrets);
    const limiters: [string, RateLimitConfig][] = Object.entries(api.ratelimits ?? {});
    const ratelimits = Object.fromEntries(
      limiters.map(([name, config]) => [name, { simple: { ...config.simple, limit: RAISED_RATE_LIMIT } }]),
    );
    const direct = [{ host: "127.0.0.1", port: 0 }];
    const mf = new Miniflare({
      host: "127.0.0.1",
      port: 0,
      cf: false,
      defaultPersistRoot: join(dir, "miniflare"),
      log: new Log(LogLevel.ERROR),
      workers: [
        { ...api, ratelimits, unsafeDirectSockets: direct },
        {
          name: "bare",
          modules: true,
          script: await bundleBareWorker(API_DIR),
          compatibilityDate: api.compatibilityDate,
          unsafeDirectSockets: direct,
        },
      ],
    });
    stops.push(() => mf.dispose());
    await mf.ready;
    const apiUrl = (await mf.unsafeGetDirectURL("api")).origin;
    const bareUrl = (await mf.unsafeGetDirectURL("bare")).origin;

    const targets: Target[] = [
      { case: "GET /bare (bare Hono, same workerd; reference)", url: `${bareUrl}/bare` },
      { case: "GET /healthz (select 1, no auth)", url: `${apiUrl}/healthz` },
      {
        case: "GET /v1/account (API key)",
        url: `${apiUrl}/v1/account`,
        headers: { authorization: `Bearer ${demo.apiKey}` },
      },
    ];
    // Each answers as it should before anything is timed.
    const account = await fetch(targets[2]?.url ?? "", { headers: targets[2]?.headers });
    const accountBody = (await account.json()) as { id?: string };
    if (account.status !== 200 || accountBody.id !== demo.accountId) {
      throw new Error(`GET /v1/account answered ${account.status} ${JSON.stringify(accountBody)}`);
    }
    const health = await (await fetch(targets[1]?.url ?? "")).json();
    if (JSON.stringify(health) !== '{"status":"ok","database":"ok"}') {
      throw new Error(`GET /healthz answered ${JSON.stringify(health)}`);
    }

    console.log(
      `api bench: ${requests} requests per row after ${warmup} warm-up, node ${process.version}, ` +
        `${availableParallelism()} CPUs, compatibility date ${api.compatibilityDate} (api ${apiUrl}, bare ${bareUrl}), ` +
        `libSQL server in a child process (${db.url})`,
    );
    if (limiters.length > 0) {
      console.log(
        `rate limits raised to ${RAISED_RATE_LIMIT.toLocaleString("en-US")}/period (still called on every /v1 request): ` +
          limiters
            .map(([name, config]) => `${name} ${config.simple.limit}/${config.simple.period ?? 60}s`)
            .join(", "),
      );
    }
    for (const [index, concurrency] of concurrencies.entries()) {
      // Rounds of the three rows, in alternating order; each row's figures are its median round's.
      const byRound: Figure[][] = [];
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? targets : [...targets].reverse();
        const figures = new Map<Target, Figure>();
        for (const target of order)
          figures.set(target, await measure(target, db, requests, warmup, concurrency));
        byRound.push(targets.map((target) => figures.get(target) as Figure));
        if (round > 0) warmup = 0;
      }
      const rate = (f: Figure) => f.ops / f.seconds;
      const medianOf = (column: number) => {
        const sorted = byRound.map((r) => r[column] as Figure).sort((a, b) => rate(a) - rate(b));
        return sorted[Math.floor(sorted.length / 2)] as Figure;
      };
      const letter = String.fromCharCode(97 + index);
      print(
        concurrency === 1
          ? `(${letter}) sequential fetch(), 1 request in flight (median of ${rounds} rounds)`
          : `(${letter}) fetch(), ${concurrency} requests in flight (median of ${rounds} rounds)`,
        targets.map((_, column) => medianOf(column)),
      );
      for (const column of [1, 2]) {
        const ratios = byRound.map((r) => rate(r[column] as Figure) / rate(r[0] as Figure));
        const sorted = [...ratios].sort((a, b) => a - b);
        console.log(
          `  ${targets[column]?.case.split(" (")[0]} / bare, per round: median ${(sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(2)} (${(sorted[0] ?? 0).toFixed(2)}–${(sorted.at(-1) ?? 0).toFixed(2)})`,
        );
      }
    }
    console.log(
      "\ndb/op: HTTP requests the libSQL server received per API request;" +
        "\ncpu/op: CPU time over the row / requests, of workerd (both workers), the libSQL server process" +
        "\nand this Node process (the load generator: on few cores it competes with workerd for the CPU," +
        "\nso the /bare row is as much a ceiling of the client as of the runtime).",
    );
  } finally {
    for (const stop of stops.reverse()) await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
