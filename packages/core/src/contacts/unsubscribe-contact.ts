import { listMemberships } from "@edgepost/db";
import { and, eq, inArray } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";
import { findMembership, mustReadMembership, requestOrigin } from "./membership";
import { ledgerEntryIfChanged } from "./shared";

export const unsubscribeContactInput = requestOrigin;

/**
 * Unsubscribes a contact from a list (subscribed or unconfirmed become `unsubscribed`), with a ledger
 * entry in the same batch. An unsubscribed, bounced or complained contact is left as it is.
 */
export async function unsubscribeContact({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: { listId: string; contactId: string; ip?: string | undefined; userAgent?: string | undefined };
}) {
  assertPermission(ctx, "contacts:write");
  assertCanWrite(ctx);
  const { listId, contactId, ...rest } = input;
  const origin = unsubscribeContactInput.parse(rest);
  const { list, contact, membership } = await findMembership(ctx, { listId, contactId });
  if (!membership) throw new NotFound("Membership");
  if (membership.status !== "subscribed" && membership.status !== "unconfirmed") {
    return { membership, changed: false };
  }
  const now = ctx.now();
  const [, entry] = await ctx.db.batch([
    ctx.db
      .update(listMemberships)
      .set({ status: "unsubscribed", updatedAt: now })
      .where(
        and(
          eq(listMemberships.accountId, ctx.principal.accountId),
          eq(listMemberships.listId, list.id),
          eq(listMemberships.contactId, contact.id),
          inArray(listMemberships.status, ["subscribed", "unconfirmed"]),
        ),
      ),
    ledgerEntryIfChanged(ctx, {
      contactId: contact.id,
      listId: list.id,
      action: "unsubscribed",
      email: contact.email,
      phone: contact.phone,
      ip: origin.ip,
      userAgent: origin.userAgent,
    }),
  ]);
  return { membership: await mustReadMembership(ctx, list.id, contact.id), changed: entry.rowsAffected > 0 };
}
