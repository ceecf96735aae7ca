import { lists, newId } from "@edgepost/db";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { listName, nameTakenOr } from "./list-record";

export const createListInput = z.strictObject({
  /** Unique in the account. */
  name: listName,
  /** Subscriptions wait for the contact's confirmation before they count (the default). */
  doubleOptIn: z.boolean().default(true),
});

/** Creates a list of contacts. */
export async function createList({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof createListInput>;
}) {
  assertPermission(ctx, "contacts:write");
  assertCanWrite(ctx);
  const data = createListInput.parse(input);
  const now = ctx.now();
  const list = {
    id: newId("lst"),
    name: data.name,
    doubleOptIn: data.doubleOptIn,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ctx.db.batch([
      ctx.db.insert(lists).values({ ...list, accountId: ctx.principal.accountId }),
      auditEntry(ctx, "list.created", list.id),
    ]);
  } catch (error) {
    throw nameTakenOr(error, data.name);
  }
  return list;
}
