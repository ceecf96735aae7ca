/**
 * What the benches that run workerd share: the bare Hono worker they measure against, and the CPU
 * time of processes read from Linux /proc.
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { build } from "esbuild";

/** The reference: runtime + HTTP, no bindings check, no database, no crypto, no queue. */
const BARE_WORKER = `
import { Hono } from "hono";
const app = new Hono();
app.get("/bare", (c) => c.json({ ok: true }));
export default app;
`;

/** The bare worker bundled with the `hono` a worker folder resolves (so the same version as it). */
export async function bundleBareWorker(resolveDir: string): Promise<string> {
  // The options of the local stack's bundleWorker, from source text instead of an entry file.
  const bundle = await build({
    stdin: { contents: BARE_WORKER, loader: "js", resolveDir, sourcefile: "bare-worker.js" },
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["workerd", "worker", "browser", "module", "main"],
    write: false,
    logLevel: "warning",
  });
  const script = bundle.outputFiles?.[0]?.text;
  if (script === undefined) throw new Error("esbuild produced no output for the bare worker");
  return script;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" })) || 100;
  } catch {
    return 100;
  }
})();

/** The fields of /proc/<pid>/stat after the command's name, and that name. */
function procStat(pid: number | string): { comm: string; fields: string[] } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
    return { comm, fields: stat.slice(stat.lastIndexOf(")") + 2).split(" ") };
  } catch {
    return undefined; // no /proc, or the process is gone
  }
}

const cpuMs = (fields: string[]) => ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;

/** CPU ms (user + system) of one process, or undefined. */
export function procCpuMs(pid: number): number | undefined {
  const stat = procStat(pid);
  return stat && cpuMs(stat.fields);
}

/** CPU ms of our workerd children (Miniflare starts one), or undefined where /proc is not there. */
export function workerdCpuMs(): number | undefined {
  let total: number | undefined;
  try {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      const stat = procStat(pid);
      if (stat?.comm !== "workerd" || Number(stat.fields[1]) !== process.pid) continue;
      total = (total ?? 0) + cpuMs(stat.fields);
    }
  } catch {
    return undefined;
  }
  return total;
}
