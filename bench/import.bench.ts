/**
 * Importing a 1,000,000-row CSV through the local stack, with workerd's peak memory, next to the raw
 * `libsql` engine writing the same rows in the same run.
 *
 *   cd bench && pnpm exec tsx import.bench.ts [--n 1000000]
 *
 * The file is generated in memory: `email,phone,first_name,city,score`, unique emails, a phone
 * number on every 10th row (empty cell otherwise), LF line ends; 43 MiB at 1,000,000 rows.
 * (a) The whole path: the contact fields and a list made through the API, `POST /v1/imports` into
 *     that list, `PUT /v1/imports/{id}/file` with the file → R2 → the transfers queue → the
 *     transfers worker (range reads, CSV, row checks, 1,000-row chunks, one batch each: contacts,
 *     consent-ledger entries, list memberships). Timed from the PUT until `GET` says `completed`
 *     (polled every 250 ms); checked: `created` is n and the account has n contacts. The chunks'
 *     `created_at` give the pace over the first and the last tenth of the file.
 * (b) The reference, once the stack is stopped: the native `libsql` engine on a fresh file with the
 *     same migrations and the server's settings (WAL, synchronous=NORMAL), prepared INSERTs of the
 *     same n contacts, memberships and ledger entries, 1,000 rows a transaction, only the
 *     transactions timed: what the engine can write of this data. Also the contacts alone.
 * Peak memory is the workerd process's VmHWM (Linux /proc), all five workers and Miniflare's own
 * R2 and queue services together, after start-up, after the upload and after the import.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { contactImportChunks, contacts, newId } from "@edgepost/db";
import { migrateDatabase } from "@edgepost/db/migrate";
import { asc, eq, sql } from "drizzle-orm";
import Database from "libsql";
import { startBenchStack, workerdPeakKb } from "./bench-stack";

const { values } = parseArgs({ options: { n: { type: "string" } } });
const N = Math.max(1000, Number(values.n ?? 1_000_000));
const CHUNK = 1000;

const FIRST = ["Ada", "Zoë", "Jürgen", "Grace", "Chloé", "Alan", "Søren", "Linus", "Łukasz", "Mia"];
const LOCAL = ["ada", "zoe", "juergen", "grace", "chloe", "alan", "soeren", "linus", "lukasz", "mia"];
const CITIES = ["Zürich", "Genève", "Lausanne", "Bern", "Basel", "Lugano", "Winterthur", "St. Gallen"];
const DOMAINS = ["example.com", "example.org", "mail.example.net", "example.ch"];

/** Row i of the file (0-based) as the import would store it. */
function person(i: number) {
  return {
    email: `${LOCAL[i % LOCAL.length]}.${i}@${DOMAINS[i % DOMAINS.length]}`,
    // Swiss mobile numbers, unique: +41 79 and seven digits.
    phone: i % 10 === 0 ? `+4179${String(i / 10).padStart(7, "0")}` : null,
    first: FIRST[i % FIRST.length] ?? "Ada",
    city: CITIES[(i * 7) % CITIES.length] ?? "Bern",
    score: (i * 37) % 1000,
  };
}

function csv(n: number): Uint8Array<ArrayBuffer> {
  const lines = ["email,phone,first_name,city,score\n"];
  for (let i = 0; i < n; i++) {
    const p = person(i);
    lines.push(`${p.email},${p.phone ?? ""},${p.first},${p.city},${p.score}\n`);
  }
  return new TextEncoder().encode(lines.join(""));
}

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

/** (b) The engine alone: the same rows in 1,000-row transactions of prepared INSERTs; seconds. */
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

const bytes = csv(N);
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
  const imp = await call<ImportView>("POST", "/v1/imports", {
    format: "csv",
    listId: list.id,
    consent: {
      origin: "signup_form",
      description: "Signed up on the website's newsletter form",
      text: "Send me the newsletter",
    },
  });
  const peakBefore = await workerdPeakKb();

  // (a) the whole path, from the upload until the import is completed.
  const started = performance.now();
  const put = await fetch(`${info.api}/v1/imports/${imp.id}/file`, {
    method: "PUT",
    headers: { authorization: `Bearer ${info.apiKey}`, "content-type": "text/csv" },
    body: bytes,
  });
  if (put.status !== 202) throw new Error(`the upload answered ${put.status}: ${await put.text()}`);
  const uploadedMs = performance.now() - started;
  const peakUploaded = await workerdPeakKb();
  let view: ImportView;
  let shown = performance.now();
  for (;;) {
    view = await call<ImportView>("GET", `/v1/imports/${imp.id}`);
    if (view.status === "completed" || view.status === "failed") break;
    if (performance.now() - shown > 15_000) {
      shown = performance.now();
      const s = (shown - started) / 1000;
      console.log(
        `  … ${s.toFixed(0)} s: ${view.progress.rowsRead.toLocaleString("en")} rows read (${view.progress.percent.toFixed(1)} %)`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const importMs = performance.now() - started;
  const peakAfter = await workerdPeakKb();
  if (view.status !== "completed") throw new Error(`the import failed: ${view.error}`);
  if (view.progress.created !== N)
    throw new Error(`created ${view.progress.created}, not ${N}: ${JSON.stringify(view)}`);

  const [stored] = await db
    .select({ n: sql<number>`count(*)` })
    .from(contacts)
    .where(eq(contacts.accountId, info.accountId));
  if (stored?.n !== N) throw new Error(`${stored?.n} contacts in the database, not ${N}`);
  // When each chunk was written: the pace at the start and at the end of the file.
  const chunks = await db
    .select({ at: contactImportChunks.createdAt })
    .from(contactImportChunks)
    .where(eq(contactImportChunks.importId, imp.id))
    .orderBy(asc(contactImportChunks.seq));
  db.$client.close();
  await stack.close();

  // (b) the engine alone, on the same machine, with the stack stopped.
  const withAll = await ceiling(dataDir, "ceiling", true);
  const contactsOnly = await ceiling(dataDir, "contacts-only", false);

  const rate = (s: number) => `${Math.round(N / s).toLocaleString("en")} rows/s`;
  const tenth = Math.max(2, Math.floor(chunks.length / 10));
  const pace = (from: number, to: number) => {
    const first = chunks[from]?.at.getTime() ?? 0;
    const last = chunks[to]?.at.getTime() ?? 0;
    return `${Math.round(((to - from) * CHUNK * 1000) / Math.max(1, last - first)).toLocaleString("en")} rows/s`;
  };
  const mib = (kb: number | undefined) => (kb ? `${Math.round(kb / 1024)} MiB` : "n/a");
  const line = (label: string, value: string) => console.log(`  ${label.padEnd(52)} ${value}`);
  console.log(
    `import.bench: ${N.toLocaleString("en")} rows, ${(bytes.length / 2 ** 20).toFixed(1)} MiB of CSV, Node ${process.version}`,
  );
  line("upload (PUT → 202)", `${(uploadedMs / 1000).toFixed(1)} s`);
  line("PUT → import completed", `${(importMs / 1000).toFixed(1)} s   ${rate(importMs / 1000)}`);
  line("  chunks written over the first tenth of the file", pace(0, tenth));
  line(
    "  chunks written over the last tenth of the file",
    pace(chunks.length - 1 - tenth, chunks.length - 1),
  );
  line("reference: libsql, contacts + memberships + ledger", `${withAll.toFixed(1)} s   ${rate(withAll)}`);
  line("reference: libsql, contacts alone", `${contactsOnly.toFixed(1)} s   ${rate(contactsOnly)}`);
  line("ratio (import / libsql, same rows)", (withAll / (importMs / 1000)).toFixed(3));
  line("workerd peak RSS after start-up", mib(peakBefore));
  line("workerd peak RSS after the upload", mib(peakUploaded));
  line("workerd peak RSS after the import", mib(peakAfter));
} finally {
  await stack.close();
  await rm(dataDir, { recursive: true, force: true });
}
