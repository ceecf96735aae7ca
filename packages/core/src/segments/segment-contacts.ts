import { contacts } from "@edgepost/db";
import { and, desc, type SQL } from "drizzle-orm";
import type { AccountCtx } from "../context";
import { keysetPage, pastCursor } from "../pagination/keyset";
import { segmentContactColumns } from "./segment-fields";

/** Runs a compiled count (`compileSegmentCount`). */
export async function countMatching(ctx: AccountCtx, query: SQL): Promise<number> {
  const [row] = await ctx.db.all<{ count: number }>(query);
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
