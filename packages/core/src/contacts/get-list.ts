import { LIST_STATUSES, type ListStatus, listMemberships } from "@edgepost/db";
import { and, count, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { findList } from "./list-record";

/** One list of the caller's account, with how many contacts it has in each status. */
export async function getList({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "contacts:read");
  const list = await findList(ctx, input.id);
  const rows = await ctx.db
    .select({ status: listMemberships.status, n: count() })
    .from(listMemberships)
    .where(and(eq(listMemberships.accountId, ctx.principal.accountId), eq(listMemberships.listId, list.id)))
    .groupBy(listMemberships.status);
  const counts = Object.fromEntries(LIST_STATUSES.map((s) => [s, 0])) as Record<ListStatus, number>;
  for (const row of rows) counts[row.status] = row.n;
  return { ...list, counts };
}
