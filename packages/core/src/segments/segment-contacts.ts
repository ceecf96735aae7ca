import { contacts } from "@edgepost/db";
import { and, desc, type SQL, sql } from "drizzle-orm";
import type { AccountCtx } from "../context";
import { keysetPage, pastCursor } from "../pagination/keyset";
import { segmentContactColumns } from "./segment-fields";

/** How many of the account's contacts match a compiled filter. */
export async function countMatching(ctx: AccountCtx, where: SQL): Promise<number> {
  const [row] = await ctx.db.select({ count: sql<number>`count(*)` }).from(contacts).where(where);
  return Number(row?.count ?? 0);
}

/** A page of the matching contacts, newest first. */
export async function pageMatching(ctx: AccountCtx, where: SQL, limit: number, cursor?: string) {
  const rows = await ctx.db
    .select(segmentContactColumns)
    .from(contacts)
    .where(and(where, pastCursor(contacts.id, cursor)))
    .orderBy(desc(contacts.id))
    .limit(limit + 1);
  return keysetPage(rows, limit);
}
