/**
 * Importing a 1,000,000-row CSV through the local stack, next to the same rows written by the libSQL
 * client over the same HTTP transport, in rounds, and by the raw `libsql` engine on a file.
 *
 *   cd bench && pnpm exec tsx import.bench.ts [--n 1000000] [--rounds 2]
 *
 * The file is generated in memory: `email,phone,first_name,city,score`, unique emails, a phone
 * number on every 10th row (empty cell otherwise), LF line ends; 43 MiB at 1,000,000 rows.
 * Each round writes n new rows twice, in turn (which goes first alternates), into one database:
 * (a) The whole path: `POST /v1/imports` into a list, `PUT /v1/imports/{id}/file` with the file → R2
 *     → the transfers queue → the transfers worker (range reads, CSV, row checks, the lookup of
 *     existing contacts and suppressions, 1,000-row chunks, one batch each: contacts, consent-ledger
 *     entries, list memberships, progress). Timed from the PUT until `GET` says `completed` (polled
 *     every 250 ms); checked: `created` is n and the account has n contacts.
 * (b) The reference over the same transport: another process (not the server's event loop) sends the
 *     same rows for another account to the same libSQL server with `@libsql/client`, 1,000 rows a
 *     batch of prepared INSERTs (contact, ledger entry, membership); only the batches timed.
 * Printed: each side's median rows/s and the median and range of the per-round ratios. Once the stack
 * is stopped, (c) the native engine on a fresh file (WAL, synchronous=NORMAL, the same migrations)
 * writes the same n rows in 1,000-row transactions of prepared INSERTs: the engine without transport.
 * Peak memory is the workerd process's VmHWM (Linux /proc), all five workers and Miniflare's own R2
 * and queue services together, after start-up and after the rounds.
 */
import { execFile } from "node:child_process";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs, promisify } from "node:util";
import { contacts, newId } from "@edgepost/db";
import { migrateDatabase } from "@edgepost/db/migrate";
import { eq, sql } from "drizzle-orm";
import Database from "libsql";
import { startBenchStack, workerdPeakKb } from "./bench-stack";
import { CHUNK, csv, person } from "./import-rows";

const { values } = parseArgs({ options: { n: { type: "string" }, rounds: { type: "string" } } });
const N = Math.max(1000, Number(values.n ?? 1_000_000));
const ROUNDS = Math.max(1, Number(values.rounds ?? 2));

interface ImportView {
  id: string;
  status: string;
  progress: {
    percent: number;
    rowsRead: number;
    created: number;
    updated: number;
    skipped: number;
    failed: number;
  };
  error: string | null;
}

/** (c) The engine alone: the same rows in 1,000-row transactions of prepared INSERTs; seconds. */
async function ceiling(dir: string, name: string, withListAndLedger: boolean): Promise<number> {
  const file = join(dir, `${name}.db`);
  await migrateDatabase({ url: `file:${file}` });
  const engine = new Database(file);
  engine.exec("PRAGMA journal_mode = WAL");
  engine.exec("PRAGMA synchronous = NORMAL"); // what the libSQL server uses
  engine.exec(
    "INSERT INTO accounts (id, name, street, postcode, city, country, industry, currency, vat_category, cycle_anchor_at, professional_use_confirmed_at) VALUES ('acc_bench', 'Bench', 's', 'p', 'c', 'CH', 'software', 'CHF', 'ch', 0, 0)",
  );
  engine.exec(
    "INSERT INTO lists (id, account_id, name, double_opt_in, created_at, updated_at) VALUES ('lst_bench', 'acc_bench', 'Customers', 0, 0, 0)",
  );
  const contact = engine.prepare(
    "INSERT INTO contacts (id, account_id, email, phone, attributes, import_id, import_row, created_at, updated_at) VALUES (?, 'acc_bench', ?, ?, ?, 'imp_bench', ?, ?, ?)",
  );
  const event = engine.prepare(
    "INSERT INTO consent_events (id, account_id, contact_id, list_id, action, source, source_ref, email, phone, consent_text, occurred_at) VALUES (?, 'acc_bench', ?, 'lst_bench', 'subscribed', 'import', 'imp_bench', ?, ?, 'Send me the newsletter', ?)",
  );
  const membership = engine.prepare(
    "INSERT INTO list_memberships (account_id, list_id, contact_id, status, created_at, updated_at) VALUES ('acc_bench', 'lst_bench', ?, 'subscribed', ?, ?)",
  );
  // Only the transactions are timed: the rows' ids and JSON are made before each.
  let ms = 0;
  for (let from = 0; from < N; from += CHUNK) {
    const now = Date.now();
    const rows = [];
    for (let i = from; i < Math.min(N, from + CHUNK); i++) {
      const p = person(i);
      const attributes = JSON.stringify({ city: p.city, first_name: p.first, score: p.score });
      rows.push({ ...p, row: i + 2, id: newId("con", now), eventId: newId("cns", now), attributes });
    }
    const started = performance.now();
    engine.exec("BEGIN");
    for (const r of rows) {
      contact.run(r.id, r.email, r.phone, r.attributes, r.row, now, now);
      if (!withListAndLedger) continue;
      event.run(r.eventId, r.id, r.email, r.phone, now);
      membership.run(r.id, now, now);
    }
    engine.exec("COMMIT");
    ms += performance.now() - started;
  }
  engine.close();
  return ms / 1000;
}

const { dataDir, stack, db } = await startBenchStack("import");
try {
  const { info } = stack;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${info.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${info.apiKey}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  for (const [key, label, type] of [
    ["first_name", "First name", "text"],
    ["city", "City", "text"],
    ["score", "Score", "number"],
  ]) {
    await call("POST", "/v1/contact-fields", { key, label, type });
  }
  const list = await call<{ id: string }>("POST", "/v1/lists", { name: "Customers", doubleOptIn: false });
  const peakBefore = await workerdPeakKb();

  /** (a) rows from..to through the whole path, from the upload until the import is completed; seconds. */
  const viaImport = async (from: number, to: number): Promise<number> => {
    const imp = await call<ImportView>("POST", "/v1/imports", {
      format: "csv",
      listId: list.id,
      consent: {
        origin: "signup_form",
        description: "Signed up on the website's newsletter form",
        text: "Send me the newsletter",
      },
    });
    const bytes = csv(from, to);
    const started = performance.now();
    const put = await fetch(`${info.api}/v1/imports/${imp.id}/file`, {
      method: "PUT",
      headers: { authorization: `Bearer ${info.apiKey}`, "content-type": "text/csv" },
      body: bytes,
    });
    if (put.status !== 202) throw new Error(`the upload answered ${put.status}: ${await put.text()}`);
    let view: ImportView;
    for (;;) {
      view = await call<ImportView>("GET", `/v1/imports/${imp.id}`);
      if (view.status === "completed" || view.status === "failed") break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (performance.now() - started) / 1000;
    if (view.status !== "completed") throw new Error(`the import failed: ${view.error}`);
    if (view.progress.created !== to - from)
      throw new Error(`created ${view.progress.created}, not ${to - from}: ${JSON.stringify(view)}`);
    return seconds;
  };
  /** (b) the same rows for another account over the same HTTP transport, from another process; seconds. */
  const viaClient = async (from: number, to: number): Promise<number> => {
    const { url, authToken } = stack.database;
    const { stdout } = await promisify(execFile)(process.execPath, [
      ...["--import", "tsx", "import-reference.ts", url, authToken, String(from), String(to)],
    ]);
    return Number(stdout.trim());
  };

  const rounds: { imported: number; client: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const from = round * N;
    let imported = 0;
    let client = 0;
    if (round % 2 === 0) {
      imported = await viaImport(from, from + N);
      client = await viaClient(from, from + N);
    } else {
      client = await viaClient(from, from + N);
      imported = await viaImport(from, from + N);
    }
    rounds.push({ imported, client });
    console.log(
      `  round ${round + 1}: import ${Math.round(N / imported).toLocaleString("en")} rows/s, client ${Math.round(N / client).toLocaleString("en")} rows/s, ratio ${(client / imported).toFixed(3)}`,
    );
  }
  const peakAfter = await workerdPeakKb();
  const [stored] = await db
    .select({ n: sql<number>`count(*)` })
    .from(contacts)
    .where(eq(contacts.accountId, info.accountId));
  if (stored?.n !== N * ROUNDS) throw new Error(`${stored?.n} contacts in the database, not ${N * ROUNDS}`);
  db.$client.close();
  await stack.close();

  // (c) the engine alone, on the same machine, with the stack stopped.
  const withAll = await ceiling(dataDir, "ceiling", true);
  const contactsOnly = await ceiling(dataDir, "contacts-only", false);

  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const mid = s.length / 2;
    return Number.isInteger(mid) ? ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2 : (s[Math.floor(mid)] ?? 0);
  };
  const range = (xs: number[], f: (x: number) => string) => `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
  const rate = (s: number) => `${Math.round(N / s).toLocaleString("en")} rows/s`;
  const rates = (seconds: number[]) => {
    const perSecond = seconds.map((s) => N / s);
    const n = (x: number) => Math.round(x).toLocaleString("en");
    return `median ${n(median(perSecond))} rows/s (${range(perSecond, n)})`;
  };
  const mib = (kb: number | undefined) => (kb ? `${Math.round(kb / 1024)} MiB` : "n/a");
  const line = (label: string, value: string) => console.log(`  ${label.padEnd(52)} ${value}`);
  const ratios = rounds.map((r) => r.client / r.imported);
  console.log(
    `import.bench: ${N.toLocaleString("en")} rows a round, ${ROUNDS} rounds, ${(csv(0, N).length / 2 ** 20).toFixed(1)} MiB of CSV, Node ${process.version}`,
  );
  line("PUT → import completed", rates(rounds.map((r) => r.imported)));
  line("reference: libSQL client over HTTP, same rows", rates(rounds.map((r) => r.client)));
  line(
    "ratio (import / client, per round)",
    `median ${median(ratios).toFixed(3)} (${range(ratios, (x) => x.toFixed(3))})`,
  );
  line("engine on a file: contacts + memberships + ledger", rate(withAll));
  line("engine on a file: contacts alone", rate(contactsOnly));
  line(
    "import (median) / engine on a file",
    ((median(rounds.map((r) => N / r.imported)) * withAll) / N).toFixed(3),
  );
  line("workerd peak RSS after start-up", mib(peakBefore));
  line("workerd peak RSS after the rounds", mib(peakAfter));
} finally {
  await stack.close();
  await rm(dataDir, { recursive: true, force: true });
}
