import { listMemberships, lists } from "@edgepost/db";
import { and, asc, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { findContact } from "./contact-record";

/** One contact of the caller's account, with its status on each of the account's lists. */
export async function getContact({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "contacts:read");
  const contact = await findContact(ctx, input.id);
  const memberships = await ctx.db
    .select({
      listId: listMemberships.listId,
      listName: lists.name,
      status: listMemberships.status,
      createdAt: listMemberships.createdAt,
      updatedAt: listMemberships.updatedAt,
    })
    .from(listMemberships)
    .innerJoin(
      lists,
      and(eq(lists.id, listMemberships.listId), eq(lists.accountId, listMemberships.accountId)),
    )
    .where(
      and(eq(listMemberships.accountId, ctx.principal.accountId), eq(listMemberships.contactId, contact.id)),
    )
    .orderBy(asc(listMemberships.listId));
  return { ...contact, memberships };
}
