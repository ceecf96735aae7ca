/** What the benchmarks that run the local stack share: starting it for one run, and workerd's memory. */
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accounts } from "@edgepost/db";
import { createNodeDb } from "@edgepost/db/node";
import { startLocalStack } from "@edgepost/local-stack";
import { eq } from "drizzle-orm";

/**
 * The local stack on free ports in a fresh directory, its Cron Triggers still, quiet; the demo
 * account on the subscription tier, whose rate limit (600 a minute) leaves room to poll and measure.
 * `bindings` add to the workers' (e.g. `OUTBOUND_ALLOW` for a sink on this machine).
 */
export async function startBenchStack(name: string, bindings: Record<string, string> = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), `${name}-bench-`));
  const stack = await startLocalStack({
    dataDir,
    ports: { api: 0, public: 0, delivery: 0, cron: 0, libsql: 0, smtp: 0, maildev: 0 },
    cronClock: false,
    logLevel: "error",
    bindings,
  });
  const db = createNodeDb(stack.database);
  await db.update(accounts).set({ plan: "subscription" }).where(eq(accounts.id, stack.info.accountId));
  return { dataDir, stack, db };
}

/** Resident memory (kB) of this process's workerd children, now or at its peak; undefined without /proc. */
async function workerdMemoryKb(field: "VmRSS" | "VmHWM"): Promise<number | undefined> {
  try {
    let total = 0;
    for (const pid of await readdir("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
      if (!/^Name:\s+workerd$/m.test(status)) continue;
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid) continue;
      total += Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
    }
    return total || undefined;
  } catch {
    return undefined;
  }
}

export const workerdPeakKb = () => workerdMemoryKb("VmHWM");
export const workerdRssKb = () => workerdMemoryKb("VmRSS");
