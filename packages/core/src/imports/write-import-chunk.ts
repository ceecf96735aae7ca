import { contactImportChunks, type ImportRowError, newId } from "@edgepost/db";
import { sql } from "drizzle-orm";
import { uniqueViolationOn } from "../constraint-failure";
import type { Ctx } from "../context";
import type { CheckedRow, ContactRow } from "./check-row";
import type { ImportRow } from "./import-record";

/** Rows read from the file, checked, to be written as one transaction. */
export interface ImportChunk {
  seq: number;
  rows: CheckedRow[];
  /** Rows read, blank ones included: the first and last row numbers of the chunk. */
  firstRow: number;
  lastRow: number;
  rowsRead: number;
  /** Where the next chunk starts, and how far through the file that is. */
  cursor: string;
  progress: number;
}

interface Existing {
  id: string;
  email: string | null;
  phone: string | null;
  importId: string | null;
  importRow: number | null;
}

/** How often a chunk is tried again when a contact with one of its addresses appeared meanwhile. */
const ATTEMPTS = 3;

/**
 * Writes one chunk all at once: its new contacts, its updates, their consent-ledger entries and list
 * memberships, its row errors and the import's progress. Returns `taken` when the chunk was written
 * already (by an earlier delivery of the same queue message): its primary key refused it, and the
 * whole transaction with it.
 */
export async function writeImportChunk(
  ctx: Ctx,
  imp: ImportRow,
  chunk: ImportChunk,
): Promise<"written" | "taken"> {
  for (let attempt = 1; ; attempt++) {
    try {
      await writeOnce(ctx, imp, chunk);
      return "written";
    } catch (error) {
      if (uniqueViolationOn(error, "contact_import_chunks")) return "taken";
      // A contact with one of the chunk's addresses was added meanwhile: look again.
      if (!uniqueViolationOn(error, "contacts") || attempt >= ATTEMPTS) throw error;
    }
  }
}

async function writeOnce(ctx: Ctx, imp: ImportRow, chunk: ImportChunk): Promise<void> {
  const now = ctx.now().getTime();
  const errors: ImportRowError[] = [];
  const candidates: ContactRow[] = [];
  for (const row of chunk.rows) {
    if ("errors" in row) errors.push(...row.errors);
    else candidates.push(row);
  }
  const existing = await lookUp(ctx, imp.accountId, candidates);
  const plan = planChunk(imp, candidates, errors, existing, now);
  await ctx.db.batch(chunkWrites(ctx, imp, chunk, plan, now));
}

/**
 * A contact the chunk writes, as one JSON array for all its statements (read in SQL by position):
 * id, row, email, phone, attributes, its consent-ledger entry's id (null: no entry), 1 if it exists.
 */
type Entry = [string, number, string | null, string | null, object, string | null, 0 | 1];

/** What a chunk's rows come to: the contacts to write, and the counts. */
interface ChunkPlan {
  entries: Entry[];
  created: number;
  updated: number;
  /** Every row error of the chunk, in row order. */
  errors: ImportRowError[];
  failed: number;
  skipped: number;
}

/**
 * Decides each checked row: refused (a duplicate, or a suppressed address to put on a list),
 * skipped (an existing contact, when the import skips those), an update or a new contact.
 */
function planChunk(
  imp: ImportRow,
  candidates: ContactRow[],
  rowErrors: ImportRowError[],
  existing: Found,
  now: number,
): ChunkPlan {
  const errors = [...rowErrors];
  const seen = { email: new Map<string, number>(), phone: new Map<string, number>() };
  const entries: Entry[] = [];
  let updated = 0;
  let failed = new Set(errors.map((e) => e.row)).size;
  let skipped = 0;
  const columns = Object.entries(imp.settings.columns);
  const names = {
    email: columns.find(([, to]) => to === "email")?.[0] ?? "email",
    phone: columns.find(([, to]) => to === "phone")?.[0] ?? "phone",
  };
  for (const c of candidates) {
    const problem = duplicateOf(c, names, seen, existing, imp.id);
    if (problem) {
      errors.push(problem);
      failed++;
      continue;
    }
    if (c.email) seen.email.set(c.email, c.row);
    if (c.phone) seen.phone.set(c.phone, c.row);
    const suppressed = imp.settings.listId && c.email ? existing.suppressed.get(c.email) : undefined;
    if (suppressed) {
      // Never mailed again by this account: it is not put on a list behind the suppression's back.
      errors.push({
        row: c.row,
        column: names.email,
        value: c.email ?? "",
        message: `is on the account's suppression list (${suppressed.replace("_", " ")}): not subscribed`,
      });
      failed++;
      continue;
    }
    const found =
      (c.email && existing.email.get(c.email)) || (c.phone && existing.phone.get(c.phone)) || undefined;
    if (found && imp.settings.onExisting === "skip") {
      skipped++;
      continue;
    }
    const id = found ? found.id : newId("con", now);
    const attributes = Object.fromEntries(Object.entries(c.attributes).sort(([a], [b]) => (a < b ? -1 : 1)));
    const eventId = imp.settings.listId || !found ? newId("cns", now) : null;
    entries.push([id, c.row, c.email, c.phone, attributes, eventId, found ? 1 : 0]);
    if (found) updated++;
  }
  errors.sort((a, b) => a.row - b.row);
  return { entries, created: entries.length - updated, updated, errors, failed, skipped };
}

/**
 * The chunk's statements, for one batch: the chunk's row (its primary key refuses a second write),
 * the new contacts, the updates, their consent entries and list memberships, the import's progress.
 * Every statement reads the same JSON of the chunk's contacts; one with nothing to do is left out.
 */
function chunkWrites(ctx: Ctx, imp: ImportRow, chunk: ImportChunk, plan: ChunkPlan, now: number) {
  const { entries, created, updated, errors, failed, skipped } = plan;
  const listId = imp.settings.listId ?? null;
  const rows = JSON.stringify(entries);
  const ledger = listId !== null || created > 0;
  return [
    ctx.db.insert(contactImportChunks).values({
      importId: imp.id,
      seq: chunk.seq,
      accountId: imp.accountId,
      firstRow: chunk.firstRow,
      lastRow: chunk.lastRow,
      errors,
      createdAt: new Date(now),
    }),
    ...(created > 0
      ? [
          ctx.db.run(sql`insert into contacts
            (id, account_id, email, phone, attributes, import_id, import_row, created_at, updated_at)
            select j.value->>0, ${imp.accountId}, j.value->>2, j.value->>3, j.value->4,
              ${imp.id}, j.value->>1, ${now}, ${now}
            from json_each(${rows}) j where j.value->>6 = 0`),
        ]
      : []),
    // Each contact found by its id (`+` keeps SQLite from walking the whole account's index instead).
    ...(updated > 0
      ? [
          ctx.db.run(sql`update contacts set
              email = coalesce(j.value->>2, contacts.email),
              phone = coalesce(j.value->>3, contacts.phone),
              attributes = json_patch(contacts.attributes, j.value->4),
              import_id = ${imp.id}, import_row = j.value->>1, updated_at = ${now}
            from json_each(${rows}) j
            where j.value->>6 = 1 and contacts.id = j.value->>0 and +contacts.account_id = ${imp.accountId}`),
        ]
      : []),
    // Before the memberships: a contact already on the list (in any status) gets no new entry.
    ...(ledger
      ? [
          ctx.db.run(sql`insert into consent_events
            (id, account_id, contact_id, list_id, action, source, source_ref, email, phone, consent_text, occurred_at)
            select j.value->>5, ${imp.accountId}, j.value->>0, ${listId}, 'subscribed', 'import', ${imp.id},
              j.value->>2, j.value->>3, ${imp.consentText}, ${now}
            from json_each(${rows}) j
            where j.value->>5 is not null and (${listId} is null or not exists (select 1 from list_memberships m
              where m.list_id = ${listId} and m.contact_id = j.value->>0))`),
        ]
      : []),
    // The contacts that just got a ledger entry for the list (by the account's index on its time): a
    // contact already on it got none and keeps its status.
    ...(listId !== null
      ? [
          ctx.db.run(sql`insert into list_memberships (account_id, list_id, contact_id, status, created_at, updated_at)
            select ${imp.accountId}, ${listId}, e.contact_id, 'subscribed', ${now}, ${now}
            from consent_events e
            where e.account_id = ${imp.accountId} and e.occurred_at = ${now} and e.source = 'import'
              and e.source_ref = ${imp.id} and e.list_id = ${listId}
            on conflict do nothing`),
        ]
      : []),
    ctx.db.run(sql`update contact_imports set
        status = 'processing', cursor = ${chunk.cursor}, chunks = ${chunk.seq}, progress = ${chunk.progress},
        rows_read = rows_read + ${chunk.rowsRead}, created = created + ${created},
        updated = updated + ${updated}, skipped = skipped + ${skipped}, failed = failed + ${failed},
        updated_at = ${now}
      where id = ${imp.id}`),
  ] as const;
}

type Found = Awaited<ReturnType<typeof lookUp>>;

/** The account's contacts with any of the chunk's addresses or numbers, and its suppressed addresses among them. */
async function lookUp(ctx: Ctx, accountId: string, rows: ContactRow[]) {
  const emails = JSON.stringify(rows.flatMap((r) => (r.email ? [r.email] : [])));
  const phones = JSON.stringify(rows.flatMap((r) => (r.phone ? [r.phone] : [])));
  const [found, suppressed] = await ctx.db.batch([
    ctx.db.all<Existing>(sql`
      select id, email, phone, import_id as importId, import_row as importRow from contacts
        where account_id = ${accountId} and email in (select value from json_each(${emails}))
      union
      select id, email, phone, import_id, import_row from contacts
        where account_id = ${accountId} and phone in (select value from json_each(${phones}))`),
    ctx.db.all<{ email: string; reason: string }>(sql`
      select email, reason from suppressions
        where account_id = ${accountId} and email in (select value from json_each(${emails}))`),
  ]);
  const byEmail = new Map<string, Existing>();
  const byPhone = new Map<string, Existing>();
  for (const c of found) {
    if (c.email) byEmail.set(c.email, c);
    if (c.phone) byPhone.set(c.phone, c);
  }
  return {
    email: byEmail,
    phone: byPhone,
    suppressed: new Map(suppressed.map((s) => [s.email, s.reason])),
  };
}

/** Why a row cannot be written next to the others: an address it shares with an earlier row or another contact. */
function duplicateOf(
  c: ContactRow,
  names: { email: string; phone: string },
  seen: { email: Map<string, number>; phone: Map<string, number> },
  existing: { email: Map<string, Existing>; phone: Map<string, Existing> },
  importId: string,
): ImportRowError | undefined {
  for (const key of ["email", "phone"] as const) {
    const value = c[key];
    if (!value) continue;
    const earlier = seen[key].get(value) ?? sameImport(existing[key].get(value), importId);
    if (earlier !== undefined) {
      return { row: c.row, column: names[key], value, message: `duplicate of row ${earlier}` };
    }
  }
  const byEmail = c.email ? existing.email.get(c.email) : undefined;
  const byPhone = c.phone ? existing.phone.get(c.phone) : undefined;
  if (byEmail && byPhone && byEmail.id !== byPhone.id) {
    return {
      row: c.row,
      column: names.phone,
      value: c.phone ?? "",
      message: "belongs to another contact than the email",
    };
  }
  return undefined;
}

const sameImport = (c: Existing | undefined, importId: string) =>
  c && c.importId === importId ? (c.importRow ?? undefined) : undefined;
