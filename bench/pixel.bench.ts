/**
 * Open-pixel requests per second on the public worker in workerd, next to a bare Hono route served by
 * the same workerd process in the same run. The issue's goal: the pixel at ≥ 50 % of the bare route.
 *
 *   cd bench && pnpm exec tsx pixel.bench.ts [--seconds 5] [--rounds 5] [--connections 16]
 *
 * One Miniflare (= one workerd process) runs three workers, the first two each on its own direct socket:
 *   - the real public worker (workers/public), bundled and configured as the local stack does it;
 *   - a bare worker: `app.get("/bare", (c) => c.json({ ok: true }))` on the same `hono`;
 *   - a sink consuming `edgepost-delivery` that acks every batch (100 at most, 1 s), so the queue the
 *     pixel writes to stays short. Not the delivery worker: only the public worker is measured.
 * Rows:
 *   - GET /bare          the reference: runtime + HTTP, no bindings check, no crypto, no queue;
 *   - GET /o/{token}     the open pixel: bindings check, HMAC verify of one of 300 distinct tokens
 *                        (signed here with the worker's secret by the core's `recipientToken`), one
 *                        `campaign_event` queued after the answer (waitUntil), a 43-byte GIF;
 *   - GET /o/{tampered}  diagnostic: the same route with a token whose signature is another's: the
 *                        bindings check and the HMAC verify, a 404, nothing queued — what the
 *                        pixel costs without its queue send.
 * LIBSQL_URL points at an empty @edgepost/libsql-server in this process: the bindings check needs
 * one, the pixel reads nothing (the round trips it serves are counted and printed).
 * Node drives the load over N keep-alive connections (node:http, each request on a free one), for
 * --seconds per row after an untimed warm-up, in --rounds rounds of the rows in alternating
 * order. It prints each round, each row's median round (rate, p50/p99, CPU per request of workerd
 * and of this Node process, from /proc and process.cpuUsage) and the per-round ratio pixel / bare.
 * workerd's CPU includes Miniflare's queue broker and the sink, which production does not run in
 * the worker's isolate; on few cores Node competes with workerd for the CPU.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { newId } from "@edgepost/db";
import { startLibsqlServer } from "@edgepost/libsql-server";
import { Log, LogLevel, Miniflare } from "miniflare";
import { recipientToken } from "../packages/core/src/campaigns/recipient-token";
import { workerOptions } from "../packages/local-stack/src/workers";
import { bundleBareWorker, workerdCpuMs } from "./bare-worker";

/** Acks whatever the public worker queues, and says how many messages it has had. */
const SINK_WORKER = `
let messages = 0;
export default {
  async queue(batch) { messages += batch.messages.length; batch.ackAll(); },
  async fetch() { return new Response(String(messages)); },
};
`;
/** Where the bare worker resolves `hono`: the very version the public worker uses. */
const PUBLIC_DIR = fileURLToPath(new URL("../workers/public/", import.meta.url));
const TOKENS = 300;
/** A person's mail client: `isMachineOpen` is false, and the queued event carries it. */
const USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Thunderbird/128.0";
const REQUEST_TIMEOUT_MS = 10_000;

interface Target {
  case: string;
  origin: URL;
  /** The path of the i-th request. */
  path: (i: number) => string;
  /** The status every answer must have (200 unless said). */
  status?: number;
}

interface Figure {
  requests: number;
  seconds: number;
  latencies: number[];
  cpu: { workerd?: number; node: number };
}

interface Answer {
  status: number;
  type: string | undefined;
  body: Buffer;
}

function get(agent: Agent, origin: URL, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: origin.hostname,
        port: origin.port,
        path,
        agent,
        headers: { "user-agent": USER_AGENT },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers["content-type"],
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${path}: no answer in ${REQUEST_TIMEOUT_MS}ms`)));
    req.on("error", reject);
    req.end();
  });
}

/** Requests for `seconds`, one in flight per connection; every answer must be a 200. */
async function drive(agent: Agent, target: Target, seconds: number, connections: number): Promise<Figure> {
  const latencies: number[] = [];
  let next = 0;
  const workerd0 = workerdCpuMs();
  const node0 = process.cpuUsage();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        const answer = await get(agent, target.origin, target.path(next++));
        if (answer.status !== (target.status ?? 200)) {
          throw new Error(`${target.case}: ${answer.status} ${answer.body}`);
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const node = process.cpuUsage(node0);
  const workerd1 = workerdCpuMs();
  return {
    requests: latencies.length,
    seconds: elapsed,
    latencies,
    cpu: {
      workerd: workerd0 === undefined || workerd1 === undefined ? undefined : workerd1 - workerd0,
      node: (node.user + node.system) / 1000,
    },
  };
}

const rate = (f: Figure) => f.requests / f.seconds;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: "string" },
      rounds: { type: "string" },
      connections: { type: "string" },
    },
  });
  const seconds = Math.max(0.5, Number(values.seconds ?? 5));
  const rounds = Math.max(1, Number(values.rounds ?? 5));
  const connections = Math.max(1, Number(values.connections ?? 16));

  const dir = mkdtempSync(join(tmpdir(), "pixel-bench-"));
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const authToken = randomBytes(24).toString("base64url");
    const db = await startLibsqlServer({ path: join(dir, "empty.db"), port: 0, authToken });
    stops.push(() => db.close());

    const signingSecret = randomBytes(32).toString("base64url");
    const publicWorker = await workerOptions("public", join(dir, "build"), {
      LIBSQL_URL: db.url,
      LIBSQL_AUTH_TOKEN: authToken,
      SIGNING_SECRET: signingSecret,
    });
    const direct = [{ host: "127.0.0.1", port: 0 }];
    const mf = new Miniflare({
      host: "127.0.0.1",
      port: 0,
      cf: false,
      defaultPersistRoot: join(dir, "miniflare"),
      log: new Log(LogLevel.ERROR),
      workers: [
        { ...publicWorker, unsafeDirectSockets: direct },
        {
          name: "bare",
          modules: true,
          script: await bundleBareWorker(PUBLIC_DIR),
          compatibilityDate: publicWorker.compatibilityDate,
          unsafeDirectSockets: direct,
        },
        {
          name: "sink",
          modules: true,
          script: SINK_WORKER,
          compatibilityDate: publicWorker.compatibilityDate,
          queueConsumers: { "edgepost-delivery": { maxBatchSize: 100, maxBatchTimeout: 1 } },
        },
      ],
    });
    stops.push(() => mf.dispose());
    await mf.ready;
    const sink = await mf.getWorker("sink");
    const sinkCount = async () => Number(await (await sink.fetch("http://sink/")).text());

    // A few campaigns, a distinct contact per token, signed as the campaign sender signs them.
    const campaigns = Array.from({ length: 5 }, () => newId("cmp"));
    const tokens = await Promise.all(
      Array.from({ length: TOKENS }, (_, i) =>
        recipientToken(
          signingSecret,
          { campaignId: campaigns[i % campaigns.length] ?? "", contactId: newId("con") },
          new Date(),
        ),
      ),
    );
    const targets: Target[] = [
      {
        case: "GET /bare (bare Hono, same workerd; reference)",
        origin: await mf.unsafeGetDirectURL("bare"),
        path: () => "/bare",
      },
      {
        case: `GET /o/{token} (open pixel, ${TOKENS} tokens)`,
        origin: await mf.unsafeGetDirectURL("public"),
        path: (i) => `/o/${tokens[i % tokens.length]}`,
      },
      {
        // Diagnostic: the same worker and route, the HMAC checked and failing, nothing queued.
        case: "GET /o/{tampered} (404, no queue send)",
        origin: await mf.unsafeGetDirectURL("public"),
        path: (i) =>
          `/o/${tokens[i % tokens.length]?.split(".")[0]}.${tokens[(i + 1) % tokens.length]?.split(".")[1]}`,
        status: 404,
      },
    ];
    const [bare, pixel, refusedRow] = targets as [Target, Target, Target];
    const agent = new Agent({ keepAlive: true, maxSockets: connections });
    stops.push(async () => agent.destroy());

    // Each answers as it should before anything is timed: a GIF that queues one event, and a 404
    // for a token whose body and signature come from two different tokens.
    const gif = await get(agent, pixel.origin, pixel.path(0));
    if (gif.status !== 200 || gif.type !== "image/gif" || gif.body.length !== 43) {
      throw new Error(`GET /o/{token} answered ${gif.status} ${gif.type} (${gif.body.length} bytes)`);
    }
    const tampered = `${tokens[0]?.split(".")[0]}.${tokens[1]?.split(".")[1]}`;
    const refused = await get(agent, pixel.origin, `/o/${tampered}`);
    if (refused.status !== 404) throw new Error(`GET /o/{tampered} answered ${refused.status}, not 404`);
    const queuedBy = Date.now() + 5_000;
    while ((await sinkCount()) < 1) {
      if (Date.now() > queuedBy) throw new Error("the pixel's event never reached the queue");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    console.log(
      `pixel bench: ${rounds} rounds of ${seconds}s per row, ${connections} connections, node ${process.version}, ` +
        `${availableParallelism()} CPUs, compatibility date ${publicWorker.compatibilityDate} ` +
        `(public ${pixel.origin.origin}, bare ${bare.origin.origin})`,
    );
    // Untimed warm-up. Every pixel answered from here on, like the one above, queues one event.
    await drive(agent, bare, Math.min(1, seconds), connections);
    let pixels = 1 + (await drive(agent, pixel, Math.min(1, seconds), connections)).requests;

    const byRound: [Figure, Figure, Figure][] = [];
    for (let round = 0; round < rounds; round++) {
      const figures = new Map<Target, Figure>();
      for (const target of round % 2 === 0 ? targets : [...targets].reverse())
        figures.set(target, await drive(agent, target, seconds, connections));
      const row: [Figure, Figure, Figure] = [
        figures.get(bare) as Figure,
        figures.get(pixel) as Figure,
        figures.get(refusedRow) as Figure,
      ];
      byRound.push(row);
      pixels += row[1].requests;
      const [b, p, r] = row;
      console.log(
        `  round ${round + 1}: bare ${Math.round(rate(b)).toLocaleString("en-US")} req/s, ` +
          `pixel ${Math.round(rate(p)).toLocaleString("en-US")} req/s, pixel / bare ${(rate(p) / rate(b)).toFixed(2)}, ` +
          `tampered 404 / bare ${(rate(r) / rate(b)).toFixed(2)}`,
      );
    }

    console.log(`\n${connections} connections, median round of ${rounds}`);
    console.log(
      `${"case".padEnd(48)} ${"requests".padStart(9)} ${"rate".padStart(14)} ${"p50".padStart(9)} ${"p99".padStart(9)}` +
        ` ${"cpu/req: workerd".padStart(17)} ${"node".padStart(9)}`,
    );
    const ms = (v: number | undefined) => (v === undefined ? "n/a" : `${v.toFixed(3)}ms`);
    for (const [column, target] of targets.entries()) {
      const figures = byRound.map((pair) => pair[column] as Figure).sort((a, b) => rate(a) - rate(b));
      const f = figures[Math.floor(figures.length / 2)] as Figure;
      const sorted = [...f.latencies].sort((a, b) => a - b);
      console.log(
        `${target.case.padEnd(48)} ${String(f.requests).padStart(9)} ` +
          `${`${Math.round(rate(f)).toLocaleString("en-US")} req/s`.padStart(14)} ` +
          `${ms(percentile(sorted, 50)).padStart(9)} ${ms(percentile(sorted, 99)).padStart(9)} ` +
          `${ms(f.cpu.workerd === undefined ? undefined : f.cpu.workerd / f.requests).padStart(17)} ` +
          `${ms(f.cpu.node / f.requests).padStart(9)}`,
      );
    }
    const ratios = byRound.map(([b, p]) => rate(p) / rate(b));
    const withoutQueue = byRound.map(([b, , r]) => rate(r) / rate(b));
    console.log(
      `  pixel / bare, per round: median ${median(ratios).toFixed(2)} ` +
        `(${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}); goal ≥ 0.50`,
    );
    console.log(
      `  tampered 404 (same route, HMAC checked, nothing queued) / bare: median ${median(withoutQueue).toFixed(2)} ` +
        `(${Math.min(...withoutQueue).toFixed(2)}–${Math.max(...withoutQueue).toFixed(2)})`,
    );

    // Every pixel answered queued its event (the sink may be a batch behind), and none read the database.
    const drainedBy = Date.now() + 5_000;
    while ((await sinkCount()) < pixels && Date.now() < drainedBy) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    console.log(
      `\nevents the sink consumed: ${await sinkCount()} of ${pixels} pixels answered (warm-up included);` +
        ` round trips to the database server: ${db.roundTrips}` +
        "\ncpu/req: CPU time over the row / requests, of workerd (all three workers and the queue broker) and of" +
        "\nthis Node process (the load generator; the idle libSQL server lives here too).",
    );
  } finally {
    for (const stop of stops.reverse()) await stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
