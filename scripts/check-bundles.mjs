// Deployability, checked in CI: `wrangler deploy --dry-run` bundles each worker exactly as a deploy
// would (its wrangler.jsonc, its bindings), and each bundle's gzip size is printed and held under a
// budget well inside Cloudflare's limit (10 MiB compressed on the paid plan, 3 MiB on the free one),
// so that a dependency that bloats a worker is seen the day it lands. Plain Node: outside the workers' graph.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** KiB, gzip. Raise one only with a reason in the commit that does. */
const BUDGETS_KIB = { api: 1024, cron: 512, delivery: 512, public: 384, transfers: 768 };

const root = join(import.meta.dirname, "..");
const workers = readdirSync(join(root, "workers")).sort();
const rows = [];
let failed = false;
for (const name of workers) {
  const dir = join(root, "workers", name);
  const out = mkdtempSync(join(tmpdir(), `bundle-${name}-`));
  const result = spawnSync("pnpm", ["exec", "wrangler", "deploy", "--dry-run", "--outdir", out], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (result.status !== 0) {
    console.error(
      `wrangler deploy --dry-run failed for workers/${name}:\n${result.stdout}\n${result.stderr}`,
    );
    process.exit(1);
  }
  const code = readdirSync(out).filter((file) => /\.(m?js|wasm)$/.test(file));
  const bytes = code.reduce((sum, file) => sum + readFileSync(join(out, file)).length, 0);
  const gzip = code.reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(out, file)), { level: 9 }).length,
    0,
  );
  rmSync(out, { recursive: true, force: true });
  const budget = BUDGETS_KIB[name];
  const over = budget === undefined || gzip / 1024 > budget;
  failed ||= over;
  rows.push([
    name,
    (bytes / 1024).toFixed(0),
    (gzip / 1024).toFixed(0),
    budget ?? "none",
    over ? "OVER" : "ok",
  ]);
}
console.log("worker       KiB   gzip KiB   budget");
for (const [name, raw, gz, budget, verdict] of rows) {
  console.log(
    `${name.padEnd(10)} ${raw.padStart(6)} ${gz.padStart(10)} ${String(budget).padStart(8)}  ${verdict}`,
  );
}
if (failed) {
  console.error("A worker has no budget or is over it (scripts/check-bundles.mjs).");
  process.exit(1);
}
