/**
 * What one password hash costs inside workerd, next to Node's native PBKDF2 as the reference.
 *
 *   cd bench && pnpm exec tsx pbkdf2.bench.ts [--n 20]
 *
 * (a) `hashPassword` and `verifyPassword` of packages/core, bundled with esbuild into a tiny worker
 *     and run in workerd through Miniflare: N sequential calls in one request, timed per call and
 *     around the loop inside the worker, around the request from Node, and as workerd's process CPU
 *     time (Linux /proc); workerd's clocks tick in whole milliseconds;
 * (b) the same module in Node (WebCrypto) and Node's `crypto.pbkdf2Sync` with the same parameters.
 * The worker also reports whether it accepts 100,001 iterations: Cloudflare's runtime does not.
 *
 * miniflare and esbuild are not (yet) dependencies of bench: they are loaded from
 * packages/libsql-server, which has both.
 */
import { execFileSync } from "node:child_process";
import { pbkdf2Sync } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { Miniflare } from "miniflare";
import { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from "../packages/core/src/auth/password";

const PASSWORD = "correct horse battery staple";
const PASSWORD_MODULE = fileURLToPath(new URL("../packages/core/src/auth/password.ts", import.meta.url));
const WORKER = `
import { hashPassword, verifyPassword } from ${JSON.stringify(PASSWORD_MODULE)};

async function acceptsOverCap() {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode("x"), "PBKDF2", false, ["deriveBits"]);
  try {
    await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: new Uint8Array(16), iterations: 100001 }, key, 256);
    return "accepted";
  } catch (error) {
    return String(error);
  }
}

export default {
  async fetch(request) {
    const { op, n, password, stored } = await request.json();
    if (op === "probe") return Response.json({ overCap: await acceptsOverCap() });
    const times = [];
    let last;
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      last = op === "hash" ? await hashPassword(password) : await verifyPassword(password, stored);
      times.push(performance.now() - t0);
    }
    return Response.json({ times, total: performance.now() - started, last });
  },
};
`;

interface Figure {
  case: string;
  times: number[];
  /** Around the whole loop, from outside it where there is an outside. */
  wall: number;
  cpu?: number;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" })) || 100;
  } catch {
    return 100;
  }
})();

/** CPU ms (user + system) of our workerd children, or undefined where /proc is not there. */
function workerdCpuMs(): number | undefined {
  let total: number | undefined;
  try {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      } catch {
        continue; // gone meanwhile
      }
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (comm !== "workerd" || Number(fields[1]) !== process.pid) continue;
      total = (total ?? 0) + ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    }
  } catch {
    return undefined;
  }
  return total;
}

async function inWorkerd(mf: Miniflare, op: "hash" | "verify", n: number, stored = ""): Promise<Figure> {
  const call = async (count: number) => {
    const body = JSON.stringify({ op, n: count, password: PASSWORD, stored });
    const res = await mf.dispatchFetch("http://bench/", { method: "POST", body });
    return (await res.json()) as { times: number[]; total: number; last: unknown };
  };
  await call(1); // warm up
  const cpu0 = workerdCpuMs();
  const started = performance.now();
  const result = await call(n);
  const wall = performance.now() - started;
  const cpu1 = workerdCpuMs();
  if (op === "verify" && JSON.stringify(result.last) !== '{"ok":true,"needsRehash":false}') {
    throw new Error(`verifyPassword in workerd answered ${JSON.stringify(result.last)}`);
  }
  return {
    case: `workerd ${op === "hash" ? "hashPassword" : "verifyPassword"} (loop in worker: ${result.total.toFixed(0)}ms)`,
    times: result.times,
    wall,
    cpu: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0,
  };
}

async function inNode(name: string, n: number, run: () => unknown): Promise<Figure> {
  await run(); // warm up
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  return { case: name, times, wall, cpu: (cpu.user + cpu.system) / 1000 };
}

function print(n: number, figures: Figure[]): void {
  const ms = (v: number | undefined) => (v === undefined ? "n/a" : v.toFixed(1));
  console.log(
    `\n${"ms per derivation".padEnd(52)} ${"p50".padStart(7)} ${"max".padStart(7)} ${"wall".padStart(7)} ${"cpu".padStart(7)}`,
  );
  for (const f of figures) {
    const sorted = [...f.times].sort((a, b) => a - b);
    console.log(
      `${f.case.padEnd(52)} ${ms(sorted[Math.floor(sorted.length / 2)]).padStart(7)} ` +
        `${ms(sorted.at(-1)).padStart(7)} ${ms(f.wall / n).padStart(7)} ${ms(f.cpu === undefined ? undefined : f.cpu / n).padStart(7)}`,
    );
  }
  console.log(
    "\np50/max: per call inside the loop; wall: the loop timed from Node (for workerd: the request) / n;" +
      "\ncpu: process CPU time over the loop / n (workerd: its process, from /proc).",
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { n: { type: "string" } } });
  const n = Math.max(1, Number(values.n ?? 20));
  const bundle = await build({
    stdin: { contents: WORKER, loader: "js", resolveDir: process.cwd(), sourcefile: "pbkdf2-worker.js" },
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker", "browser"],
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const script = bundle.outputFiles?.[0]?.text;
  if (script === undefined) throw new Error("esbuild produced no output");

  console.log(
    `pbkdf2 bench: PBKDF2-HMAC-SHA256, ${PBKDF2_ITERATIONS} iterations, 16-byte salt, 32-byte hash, ` +
      `n=${n}, node ${process.version}, ${availableParallelism()} CPUs`,
  );
  const stored = await hashPassword(PASSWORD);
  const mf = new Miniflare({ modules: true, script, compatibilityDate: "2026-04-20" });
  const figures: Figure[] = [];
  try {
    await mf.ready;
    const probe = (await (
      await mf.dispatchFetch("http://bench/", { method: "POST", body: '{"op":"probe"}' })
    ).json()) as { overCap: string };
    console.log(
      `workerd and 100,001 iterations: ${probe.overCap} (Cloudflare's runtime refuses above 100,000)`,
    );
    figures.push(await inWorkerd(mf, "hash", n));
    figures.push(await inWorkerd(mf, "verify", n, stored));
  } finally {
    await mf.dispose();
  }
  figures.push(await inNode("node hashPassword (WebCrypto)", n, () => hashPassword(PASSWORD)));
  figures.push(await inNode("node verifyPassword (WebCrypto)", n, () => verifyPassword(PASSWORD, stored)));
  const salt = crypto.getRandomValues(new Uint8Array(16));
  figures.push(
    await inNode("node crypto.pbkdf2Sync (reference)", n, () =>
      pbkdf2Sync(PASSWORD, salt, PBKDF2_ITERATIONS, 32, "sha256"),
    ),
  );
  print(n, figures);
}

await main();
