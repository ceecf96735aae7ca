import { lists } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { findList, listName, nameTakenOr } from "./list-record";

/**
 * The fields to change. Turning double opt-in on or off applies to later subscriptions: contacts
 * already subscribed or waiting for confirmation keep their status.
 */
export const updateListInput = z.strictObject({
  name: listName.optional(),
  doubleOptIn: z.boolean().optional(),
});

/** Renames a list or changes whether its subscriptions need confirming. */
export async function updateList({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: { id: string } & z.input<typeof updateListInput>;
}) {
  assertPermission(ctx, "contacts:write");
  assertCanWrite(ctx);
  const { id, ...changes } = input;
  const data = updateListInput.parse(changes);
  const current = await findList(ctx, id);
  const next = { name: data.name ?? current.name, doubleOptIn: data.doubleOptIn ?? current.doubleOptIn };
  const updatedAt = ctx.now();
  try {
    await ctx.db.batch([
      ctx.db
        .update(lists)
        .set({ ...next, updatedAt })
        .where(and(eq(lists.accountId, ctx.principal.accountId), eq(lists.id, current.id))),
      auditEntry(ctx, "list.updated", current.id),
    ]);
  } catch (error) {
    throw nameTakenOr(error, next.name);
  }
  return { ...current, ...next, updatedAt };
}
