import { accounts } from "@edgepost/db";
import { and, eq, isNull, lte, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { ACCOUNT_TABLES } from "./account-tables";

const CHUNK = 500;
const MAX_DELETES_PER_RUN = 50;

/**
 * Closed accounts whose purge date has come lose every row of personal data, in every table, in
 * small chunks (no long write lock); the account row and its credit ledger stay, as the billing
 * record (no personal data), the account marked purged.
 * Idempotent and resumable: a run that reaches its budget leaves the rest for the next one.
 */
export async function purgeClosedAccounts({ ctx }: { ctx: Ctx }): Promise<Record<string, number | boolean>> {
  const now = ctx.now();
  const due = await ctx.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.status, "closed"), lte(accounts.purgeAfter, now), isNull(accounts.purgedAt)))
    .limit(20);
  let deleted = 0;
  let statements = 0;
  let purged = 0;
  for (const { id } of due) {
    for (const table of ACCOUNT_TABLES) {
      for (;;) {
        if (statements++ >= MAX_DELETES_PER_RUN) return { purged, deleted, done: false };
        // By rowid, so tables keyed otherwise (composite or account keys) go the same way.
        const gone = await ctx.db.run(
          sql`delete from ${table} where rowid in (select rowid from ${table} where account_id = ${id} limit ${CHUNK})`,
        );
        deleted += gone.rowsAffected;
        if (gone.rowsAffected < CHUNK) break;
      }
    }
    await ctx.db.update(accounts).set({ purgedAt: now }).where(eq(accounts.id, id));
    purged++;
  }
  return { purged, deleted, done: due.length < 20 };
}
