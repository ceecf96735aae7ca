/**
 * The import bench's reference over the same transport, run in its own process (so that it does not
 * share the event loop of the libSQL server it talks to): the libSQL client writes rows `from`..`to`
 * of the bench's file into the same tables over HTTP, 1,000 rows a transaction, each one batch of
 * prepared INSERTs (a contact, its consent-ledger entry, its list membership), with nothing read,
 * checked or looked up. Prints the seconds spent in the batches.
 *
 *   tsx import-reference.ts <url> <token> <from> <to>
 */

import { newId } from "@edgepost/db";
import { createClient, type InStatement, type InValue } from "@libsql/client";
import { CHUNK, person } from "./import-rows";

const [url = "", authToken = "", from = "0", to = "0"] = process.argv.slice(2);
const account = newId("acc");
const client = createClient({ url, authToken });
const list = newId("lst");
await client.batch(
  [
    {
      sql: "INSERT INTO accounts (id, name, street, postcode, city, country, industry, currency, vat_category, cycle_anchor_at, professional_use_confirmed_at) VALUES (?, 'Reference', 's', 'p', 'c', 'CH', 'software', 'CHF', 'ch', 0, 0)",
      args: [account],
    },
    {
      sql: "INSERT INTO lists (id, account_id, name, double_opt_in, created_at, updated_at) VALUES (?, ?, 'Customers', 0, 0, 0)",
      args: [list, account],
    },
  ],
  "write",
);
/** `INSERT INTO table (columns) VALUES (?, …), (?, …) …`: one statement for all the rows of a batch. */
const insert = (table: string, columns: string, rows: InValue[][]): InStatement => ({
  sql: `INSERT INTO ${table} (${columns}) VALUES ${rows.map((r) => `(${r.map(() => "?").join(", ")})`).join(", ")}`,
  args: rows.flat(),
});

let ms = 0;
for (let start = Number(from); start < Number(to); start += CHUNK) {
  const now = Date.now();
  const rows = { contacts: [] as InValue[][], events: [] as InValue[][], memberships: [] as InValue[][] };
  for (let i = start; i < Math.min(Number(to), start + CHUNK); i++) {
    const p = person(i);
    const id = newId("con", now);
    const attributes = JSON.stringify({ city: p.city, first_name: p.first, score: p.score });
    rows.contacts.push([id, account, p.email, p.phone, attributes, "imp_reference", i + 2, now, now]);
    rows.events.push([
      newId("cns", now),
      account,
      id,
      list,
      "subscribed",
      "import",
      "imp_reference",
      p.email,
      p.phone,
      "Send me the newsletter",
      now,
    ]);
    rows.memberships.push([account, list, id, "subscribed", now, now]);
  }
  const statements = [
    insert(
      "contacts",
      "id, account_id, email, phone, attributes, import_id, import_row, created_at, updated_at",
      rows.contacts,
    ),
    insert(
      "consent_events",
      "id, account_id, contact_id, list_id, action, source, source_ref, email, phone, consent_text, occurred_at",
      rows.events,
    ),
    insert(
      "list_memberships",
      "account_id, list_id, contact_id, status, created_at, updated_at",
      rows.memberships,
    ),
  ];
  const started = performance.now();
  await client.batch(statements, "write");
  ms += performance.now() - started;
}
client.close();
console.log(String(ms / 1000));
