/**
 * Expiring 1,000,000 statistics rows with the `expire-statistics` job (chunks of 500, one short
 * write transaction each) against one bulk DELETE of the same rows, in the same run, on copies of
 * the same database file.
 *
 *   cd bench && pnpm exec tsx expiry.bench.ts [--rows 1000000]
 *
 * The rows are messages older than the 5-year period, among 10 % newer ones that stay. Figures:
 * rows/s, and the longest single write transaction, which is how long an API write could have to
 * wait for the database meanwhile (the aim is at most 100 ms).
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { migrateDatabase } from "@edgepost/db/migrate";
import { createNodeDb } from "@edgepost/db/node";
import Database from "libsql";
import type { JobCtx } from "../packages/core/src/jobs/job";
import { runJob } from "../packages/core/src/jobs/run-job";

const { values } = parseArgs({ options: { rows: { type: "string" } } });
const ROWS = Number(values.rows ?? 1_000_000);
const KEPT = Math.round(ROWS / 10);
const NOW = new Date("2026-11-30T03:00:00Z");
const OLD = Date.UTC(2020, 0, 1);

const dir = mkdtempSync(join(tmpdir(), "expiry-bench-"));
try {
  const seeded = join(dir, "seeded.db");
  await migrateDatabase({ url: `file:${seeded}` });
  const engine = new Database(seeded);
  engine.exec("PRAGMA journal_mode = WAL");
  engine.exec(
    "INSERT INTO accounts (id, name, street, postcode, city, country, industry, currency, vat_category, cycle_anchor_at, professional_use_confirmed_at) VALUES ('acc_bench', 'Bench', 's', 'p', 'c', 'CH', 'software', 'CHF', 'ch', 0, 0)",
  );
  const insert = engine.prepare(
    "INSERT INTO messages (id, account_id, channel, category, to_address, subject, text, status, created_at) VALUES (?, 'acc_bench', 'email', 'transactional', ?, 'Weekly digest', 'Hello', 'sent', ?)",
  );
  const seedStart = performance.now();
  engine.exec("BEGIN");
  for (let i = 0; i < ROWS + KEPT; i++) {
    // Old rows spread over 2020, kept ones in the last year.
    const at = i < ROWS ? OLD + (i % 31_536_000) * 1000 : NOW.getTime() - (i % 31_536_000) * 1000;
    insert.run(`msg_${String(i).padStart(26, "0")}`, `reader-${i}@example.com`, at);
  }
  engine.exec("COMMIT");
  engine.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  engine.close();
  console.log(
    `expiry.bench: seeded ${ROWS.toLocaleString("en")} due + ${KEPT.toLocaleString("en")} kept messages in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );

  // (a) the job, as the cron worker runs it, until it is done.
  const jobFile = join(dir, "job.db");
  copyFileSync(seeded, jobFile);
  const db = createNodeDb({ url: `file:${jobFile}` });
  const ctx = {
    db,
    now: () => NOW,
    waitUntil: () => undefined,
    delivery: { send: async () => undefined, sendBatch: async () => undefined },
    // expire-statistics touches neither object storage nor the transfers queue.
    files: {} as JobCtx["files"],
    transfers: { send: async () => undefined },
  };
  let changed = 0;
  let runs = 0;
  let longest = 0;
  const jobStart = performance.now();
  for (;;) {
    const run = await runJob({
      ctx: { ...ctx, now: () => new Date(NOW.getTime() + runs * 1000) },
      input: {
        job: "expire-statistics",
        cron: "bench",
        budget: { rows: 250_000, deadline: Date.now() + 600_000 },
      },
    });
    runs++;
    if (run.status !== "succeeded") throw new Error(`run ${runs}: ${run.status}`);
    changed += run.changed;
    longest = Math.max(
      longest,
      Number((run.detail as { longestWriteMs?: number } | null)?.longestWriteMs ?? 0),
    );
    if (run.done) break;
  }
  const jobSeconds = (performance.now() - jobStart) / 1000;
  const left = await db.$client.execute("select count(*) as n from messages");
  db.$client.close();

  // (b) one bulk DELETE of the same rows (and their children), one transaction.
  const bulkFile = join(dir, "bulk.db");
  copyFileSync(seeded, bulkFile);
  const bulk = new Database(bulkFile);
  const cutoff = Date.UTC(2021, 10, 30, 3);
  const bulkStart = performance.now();
  bulk.exec("BEGIN");
  bulk
    .prepare("DELETE FROM message_events WHERE message_id IN (SELECT id FROM messages WHERE created_at <= ?)")
    .run(cutoff);
  bulk
    .prepare(
      "DELETE FROM message_attachments WHERE message_id IN (SELECT id FROM messages WHERE created_at <= ?)",
    )
    .run(cutoff);
  const deleted = bulk.prepare("DELETE FROM messages WHERE created_at <= ?").run(cutoff).changes;
  bulk.exec("COMMIT");
  const bulkSeconds = (performance.now() - bulkStart) / 1000;
  bulk.close();

  const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString("en")} rows/s`;
  console.log(
    `  expire-statistics job   ${changed.toLocaleString("en")} rows in ${jobSeconds.toFixed(1)} s (${runs} runs)   ${rate(changed, jobSeconds)}   longest write ${longest.toFixed(0)} ms`,
  );
  console.log(
    `  one bulk DELETE         ${Number(deleted).toLocaleString("en")} rows in ${bulkSeconds.toFixed(1)} s            ${rate(Number(deleted), bulkSeconds)}   longest write ${(bulkSeconds * 1000).toFixed(0)} ms`,
  );
  console.log(
    `  ratio (job / bulk)      ${(bulkSeconds / jobSeconds).toFixed(3)}; kept rows left: ${Number(left.rows[0]?.n).toLocaleString("en")}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
