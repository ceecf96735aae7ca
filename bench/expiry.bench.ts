/**
 * Expiring 1,000,000 statistics rows with the `expire-statistics` job (chunks of 500, one short
 * write transaction each) against one bulk DELETE of the same rows and their children, on copies
 * of the same database file, in rounds that alternate which goes first.
 *
 *   cd bench && pnpm exec tsx expiry.bench.ts [--rows 1000000] [--rounds 3]
 *
 * The rows are messages older than the 5-year period, among 10 % newer ones that stay; each has
 * its `sent` event, every tenth an attachment and a webhook delivery of its event. Figures: rows/s,
 * the median and range of the per-round ratios, and the longest single write transaction, which is
 * how long an API write could have to wait for the database meanwhile (the aim is at most 100 ms).
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

const { values } = parseArgs({ options: { rows: { type: "string" }, rounds: { type: "string" } } });
const ROWS = Number(values.rows ?? 1_000_000);
const ROUNDS = Math.max(1, Number(values.rounds ?? 3));
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
  engine.exec(
    "INSERT INTO webhook_endpoints (id, account_id, url, events, created_at) VALUES ('whk_bench', 'acc_bench', 'https://hooks.example/in', '[\"sent\"]', 0)",
  );
  const event = engine.prepare(
    "INSERT INTO message_events (id, account_id, message_id, type, occurred_at) VALUES (?, 'acc_bench', ?, 'sent', ?)",
  );
  const attachment = engine.prepare(
    "INSERT INTO message_attachments (id, account_id, message_id, position, filename, content_type, content_base64, size) VALUES (?, 'acc_bench', ?, 0, 'invoice.pdf', 'application/pdf', 'JVBERi0xLjQK', 9)",
  );
  const delivery = engine.prepare(
    "INSERT INTO webhook_deliveries (id, account_id, endpoint_id, event_id, status, attempts, created_at) VALUES (?, 'acc_bench', 'whk_bench', ?, 'delivered', 1, ?)",
  );
  const seedStart = performance.now();
  engine.exec("BEGIN");
  for (let i = 0; i < ROWS + KEPT; i++) {
    // Old rows spread over 2020, kept ones in the last year.
    const at = i < ROWS ? OLD + (i % 31_536_000) * 1000 : NOW.getTime() - (i % 31_536_000) * 1000;
    const n = String(i).padStart(26, "0");
    insert.run(`msg_${n}`, `reader-${i}@example.com`, at);
    event.run(`evt_${n}`, `msg_${n}`, at);
    if (i % 10 === 0) {
      attachment.run(`att_${n}`, `msg_${n}`);
      delivery.run(`whd_${n}`, `evt_${n}`, at);
    }
  }
  engine.exec("COMMIT");
  engine.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  engine.close();
  console.log(
    `expiry.bench: seeded ${ROWS.toLocaleString("en")} due + ${KEPT.toLocaleString("en")} kept messages (with events, attachments, webhook deliveries) in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`,
  );

  // (a) the job, as the cron worker runs it, until it is done.
  async function job(round: number) {
    const jobFile = join(dir, `job-${round}.db`);
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
    const seconds = (performance.now() - jobStart) / 1000;
    const left = await db.$client.execute(
      "select (select count(*) from messages) as messages, (select count(*) from message_events) as events, (select count(*) from message_attachments) as files, (select count(*) from webhook_deliveries) as hooks",
    );
    db.$client.close();
    rmSync(jobFile, { force: true });
    return { seconds, changed, runs, longest, left: left.rows[0] };
  }

  // (b) one bulk DELETE of the same rows (and their children), one transaction.
  function bulk(round: number) {
    const bulkFile = join(dir, `bulk-${round}.db`);
    copyFileSync(seeded, bulkFile);
    const engine = new Database(bulkFile);
    const cutoff = Date.UTC(2021, 10, 30, 3);
    const bulkStart = performance.now();
    engine.exec("BEGIN");
    engine
      .prepare(
        "DELETE FROM webhook_deliveries WHERE event_id IN (SELECT id FROM message_events WHERE message_id IN (SELECT id FROM messages WHERE created_at <= ?))",
      )
      .run(cutoff);
    engine
      .prepare(
        "DELETE FROM message_events WHERE message_id IN (SELECT id FROM messages WHERE created_at <= ?)",
      )
      .run(cutoff);
    engine
      .prepare(
        "DELETE FROM message_attachments WHERE message_id IN (SELECT id FROM messages WHERE created_at <= ?)",
      )
      .run(cutoff);
    const deleted = Number(engine.prepare("DELETE FROM messages WHERE created_at <= ?").run(cutoff).changes);
    engine.exec("COMMIT");
    const seconds = (performance.now() - bulkStart) / 1000;
    engine.close();
    rmSync(bulkFile, { force: true });
    return { seconds, deleted };
  }

  const rounds: { job: Awaited<ReturnType<typeof job>>; bulk: ReturnType<typeof bulk> }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      const j = await job(round);
      rounds.push({ job: j, bulk: bulk(round) });
    } else {
      const b = bulk(round);
      rounds.push({ job: await job(round), bulk: b });
    }
  }
  const rate = (n: number, seconds: number) => Math.round(n / seconds);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const range = (xs: number[], f: (x: number) => string) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
  const jobRates = rounds.map((r) => rate(r.job.changed, r.job.seconds));
  const bulkRates = rounds.map((r) => rate(r.bulk.deleted, r.bulk.seconds));
  const ratios = rounds.map((r) => r.bulk.seconds / r.job.seconds);
  const n = (x: number) => x.toLocaleString("en");
  console.log(
    `  expire-statistics job   median ${n(median(jobRates))} rows/s (${range(jobRates, n)}), longest write ${Math.max(...rounds.map((r) => r.job.longest)).toFixed(0)} ms`,
  );
  console.log(
    `  one bulk DELETE         median ${n(median(bulkRates))} rows/s (${range(bulkRates, n)}), one write of ${Math.min(...rounds.map((r) => r.bulk.seconds * 1000)).toFixed(0)} ms or more`,
  );
  console.log(
    `  ratio (job / bulk)      median ${median(ratios).toFixed(2)} (${range(ratios, (x) => x.toFixed(2))})`,
  );
  console.log(`  left after the job: ${JSON.stringify(rounds[0]?.job.left)} (the kept rows and theirs)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
