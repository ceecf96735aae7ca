import { lists } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";
import { conflict, listId, uniqueViolation } from "./shared";

export const listName = z.string().trim().min(1).max(100);

export const listColumns = {
  id: lists.id,
  name: lists.name,
  doubleOptIn: lists.doubleOptIn,
  createdAt: lists.createdAt,
  updatedAt: lists.updatedAt,
};

/** The list, or `not_found`: a list of another account is not found either. */
export async function findList(ctx: AccountCtx, id: string) {
  const [list] = await ctx.db
    .select(listColumns)
    .from(lists)
    .where(and(eq(lists.accountId, ctx.principal.accountId), eq(lists.id, listId.parse(id))));
  if (!list) throw new NotFound("List");
  return list;
}

export function nameTakenOr(error: unknown, name: string): unknown {
  return uniqueViolation(error, "lists") === "name"
    ? conflict(`The account already has a list named "${name}".`, "name")
    : error;
}
