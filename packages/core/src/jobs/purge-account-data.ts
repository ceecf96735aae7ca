import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { ACCOUNT_TABLES } from "./account-tables";
import { CHUNK } from "./job";

/**
 * Deletes every row of an account's data, table by table (children first), a chunk per statement
 * so no write lock is held long; stops after `maxRows` and says whether it finished. Idempotent:
 * run again, it goes on with what is left. The account row and its billing records stay.
 */
export async function purgeAccountData(
  ctx: Ctx,
  accountId: string,
  maxRows: number,
): Promise<{ deleted: number; done: boolean }> {
  let deleted = 0;
  for (const table of ACCOUNT_TABLES) {
    for (;;) {
      if (deleted >= maxRows) return { deleted, done: false };
      // By rowid, so tables keyed otherwise (composite or account keys) go the same way.
      const gone = await ctx.db.run(
        sql`delete from ${table} where rowid in (select rowid from ${table} where account_id = ${accountId} limit ${CHUNK})`,
      );
      deleted += gone.rowsAffected;
      if (gone.rowsAffected < CHUNK) break;
    }
  }
  return { deleted, done: true };
}
