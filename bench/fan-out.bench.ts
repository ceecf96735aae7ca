/**
 * Fan-out of a campaign to 1,000,000 recipients: writing their rows and queueing them, next to the
 * raw engine writing the same rows, in interleaved rounds.
 *
 *   cd bench && pnpm exec tsx fan-out.bench.ts [--n 1000000] [--rounds 2]
 *
 * One database file (WAL, synchronous=NORMAL, the migrations) holds an account with n contacts
 * subscribed to one list, written once by the engine. Each round starts two new campaigns to that
 * list (`sending`, credits for all) and writes every recipient of each, in turn (which goes first
 * alternates):
 * (a) The campaign engine (`fanOutCampaign`, ADR 0013) in its own Node process, over HTTP to the
 *     libSQL server on that file, as the transfers worker runs it: chunks of 1,000 by keyset over the
 *     audience condition (subscribed, not suppressed, not excluded), each one write that inserts the
 *     rows, takes their credits, moves the cursor and books the sending slots, then its ids queued,
 *     100 a message (the queue here only counts). Timed in the process; its peak resident memory
 *     (VmHWM, Node and tsx included), how much it grew during the fan-out, the JS heap's peak, and
 *     its database round trips at the server.
 * (b) The raw engine (`libsql`, in this process, on the same file): the same rows, inserted by the
 *     same keyset in 1,000-row transactions of `INSERT … SELECT` from the list's subscribed contacts —
 *     no audience checks, credits, cursor, transport or queue: the ceiling.
 * Printed per round: rows/s of each and (a)/(b); then the median and range of the ratio.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { newId } from "@edgepost/db";
import { migrateDatabase } from "@edgepost/db/migrate";
import { startLibsqlServer } from "@edgepost/libsql-server";
import Database from "libsql";

const { values } = parseArgs({ options: { n: { type: "string" }, rounds: { type: "string" } } });
const N = Math.max(1000, Number(values.n ?? 1_000_000));
const ROUNDS = Math.max(1, Number(values.rounds ?? 2));
const run = promisify(execFile);

const dir = await mkdtemp(join(tmpdir(), "fan-out-bench-"));
const file = join(dir, "bench.db");
await migrateDatabase({ url: `file:${file}` });
const engine = new Database(file);
engine.exec("PRAGMA journal_mode = WAL");
engine.exec("PRAGMA synchronous = NORMAL");
engine.exec("PRAGMA busy_timeout = 10000");

const account = newId("acc");
const list = newId("lst");
const domain = "bench.example.com";
console.log(`seeding ${N.toLocaleString("en")} subscribed contacts…`);
engine.exec("BEGIN");
engine
  .prepare(
    "INSERT INTO accounts (id, name, street, postcode, city, country, industry, currency, vat_category, plan, cycle_anchor_at, professional_use_confirmed_at, send_rate_per_hour) VALUES (?, 'Bench', 's', 'p', 'c', 'CH', 'software', 'CHF', 'ch', 'subscription', 0, 0, 1000000000)",
  )
  .run(account);
engine
  .prepare(
    "INSERT INTO lists (id, account_id, name, double_opt_in, created_at, updated_at) VALUES (?, ?, 'Everyone', 0, 0, 0)",
  )
  .run(list, account);
// Ids `con_000…0001` … in contact order; addresses r1@…; one subscribed membership each.
engine
  .prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
     INSERT INTO contacts (id, account_id, email, attributes, created_at, updated_at)
     SELECT 'con_' || printf('%026d', i), ?, 'r' || i || '@' || ?, '{}', 0, 0 FROM n`,
  )
  .run(N, account, domain);
engine
  .prepare(
    `INSERT INTO list_memberships (account_id, list_id, contact_id, status, created_at, updated_at)
     SELECT account_id, ?, id, 'subscribed', 0, 0 FROM contacts WHERE account_id = ?`,
  )
  .run(list, account);
engine.exec("COMMIT");

const authToken = "fan-out-bench-token-0123456789";
const server = await startLibsqlServer({
  path: file,
  port: 0,
  authToken,
  clientTokens: { fanout: authToken },
});

let seq = 0;
/** A campaign to the list, `sending`, and the credits to pay for every recipient. */
function campaign(): string {
  const id = newId("cmp");
  engine
    .prepare(
      `INSERT INTO campaigns (id, account_id, channel, name, status, audience, sender, subject, html, track_opens, track_clicks, created_at, updated_at, started_at, audience_size)
       VALUES (?, ?, 'email', 'Bench', 'sending', ?, ?, 'Hi', '<p>Hi</p>', 1, 1, 0, 0, 0, ?)`,
    )
    .run(
      id,
      account,
      JSON.stringify({ lists: [list], segments: [], excludeLists: [], excludeSegments: [] }),
      JSON.stringify({ email: `news@${domain}` }),
      N,
    );
  seq += 1;
  engine
    .prepare(
      `INSERT INTO credit_ledger (id, account_id, wallet, seq, kind, amount, balance_after, reference, created_at)
       SELECT ?, ?, 'email', coalesce(max(seq), 0) + 1, 'purchase', ?, coalesce((SELECT balance_after FROM credit_ledger WHERE account_id = ? AND wallet = 'email' ORDER BY seq DESC LIMIT 1), 0) + ?, ?, 0
       FROM credit_ledger WHERE account_id = ? AND wallet = 'email'`,
    )
    .run(newId("crd"), account, N, account, N, `bench-${seq}`, account);
  return id;
}

/** (a) The engine's fan-out in its own process; its peak memory read from /proc while it runs. */
async function fanOut(): Promise<{
  seconds: number;
  peakMb: number;
  heapMb: number;
  growthMb: number;
  trips: number;
}> {
  const id = campaign();
  const before = server.roundTripsOf("fanout");
  const child = run(
    process.execPath,
    ["--import", "tsx", "fan-out-child.ts", server.url, authToken, account, id],
    {
      cwd: import.meta.dirname,
      maxBuffer: 1 << 20,
    },
  );
  let peakKb = 0;
  const pid = child.child.pid;
  const poll = setInterval(async () => {
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    peakKb = Math.max(peakKb, Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0));
  }, 100);
  const { stdout } = await child;
  clearInterval(poll);
  const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as {
    ms: number;
    recipients: number;
    heapPeakMb: number;
    rssGrowthMb: number;
  };
  if (result.recipients !== N) throw new Error(`fan-out queued ${result.recipients} recipients, not ${N}`);
  const written = engine
    .prepare("SELECT count(*) AS n FROM campaign_recipients WHERE campaign_id = ?")
    .get(id) as {
    n: number;
  };
  if (written.n !== N) throw new Error(`fan-out wrote ${written.n} recipients, not ${N}`);
  return {
    seconds: result.ms / 1000,
    peakMb: peakKb / 1024,
    heapMb: result.heapPeakMb,
    growthMb: result.rssGrowthMb,
    trips: server.roundTripsOf("fanout") - before,
  };
}

/** (b) The raw engine: the same rows by the same keyset, 1,000 a transaction. */
function ceiling(): number {
  const id = campaign();
  const insert = engine.prepare(
    `INSERT INTO campaign_recipients (campaign_id, contact_id, account_id, status, attempts)
     SELECT ?, c.id, c.account_id, 'pending', 0 FROM contacts AS c
     WHERE c.account_id = ? AND c.id > ?
       AND EXISTS (SELECT 1 FROM list_memberships AS m WHERE m.list_id = ? AND m.contact_id = c.id AND m.account_id = ? AND m.status = 'subscribed')
     ORDER BY c.id LIMIT 1000 RETURNING contact_id`,
  );
  const started = performance.now();
  let cursor = "";
  for (;;) {
    engine.exec("BEGIN");
    const rows = insert.all(id, account, cursor, list, account) as { contact_id: string }[];
    engine.exec("COMMIT");
    if (rows.length === 0) break;
    cursor = rows.reduce((max, row) => (row.contact_id > max ? row.contact_id : max), cursor);
    if (rows.length < 1000) break;
  }
  return (performance.now() - started) / 1000;
}

const ratios: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const engineFirst = round % 2 === 0;
  const reference = engineFirst ? ceiling() : 0;
  const a = await fanOut();
  const b = engineFirst ? reference : ceiling();
  const ratio = b / a.seconds;
  ratios.push(ratio);
  console.log(
    `round ${round}: fan-out ${(N / a.seconds).toFixed(0)} rows/s (${a.seconds.toFixed(1)} s, ` +
      `process peak RSS ${a.peakMb.toFixed(0)} MB of which ${a.growthMb.toFixed(0)} MB grown while fanning out, JS heap peak ${a.heapMb.toFixed(0)} MB, ${a.trips} round trips = ${((a.trips / N) * 1000).toFixed(2)} per 1,000) · ` +
      `engine ${(N / b).toFixed(0)} rows/s (${b.toFixed(1)} s) · ratio ${ratio.toFixed(2)}`,
  );
}
const sorted = [...ratios].sort((x, y) => x - y);
console.log(
  `fan-out / engine, per round: median ${(sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(2)} ` +
    `(${(sorted[0] ?? 0).toFixed(2)}–${(sorted.at(-1) ?? 0).toFixed(2)}) over ${ROUNDS} rounds of ${N.toLocaleString("en")}`,
);
await server.close();
engine.close();
await rm(dir, { recursive: true, force: true });
