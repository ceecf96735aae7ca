import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";
import { findMembership, moveMembership, requestOrigin } from "./membership";

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
  return moveMembership(ctx, {
    list,
    contact,
    from: ["subscribed", "unconfirmed"],
    to: "unsubscribed",
    entry: { action: "unsubscribed", ip: origin.ip, userAgent: origin.userAgent },
  });
}
