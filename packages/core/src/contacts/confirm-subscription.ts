import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";
import { findMembership, moveMembership, requestOrigin } from "./membership";
import { conflict } from "./shared";

export const confirmSubscriptionInput = requestOrigin;

/**
 * Records a contact's double opt-in confirmation: `unconfirmed` becomes `subscribed`, and the ledger
 * gets a `confirmed` entry with its time. Confirming a subscribed contact again changes nothing.
 */
export async function confirmSubscription({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: { listId: string; contactId: string; ip?: string | undefined; userAgent?: string | undefined };
}) {
  assertPermission(ctx, "contacts:write");
  assertCanWrite(ctx);
  const { listId, contactId, ...rest } = input;
  const origin = confirmSubscriptionInput.parse(rest);
  const { list, contact, membership } = await findMembership(ctx, { listId, contactId });
  if (!membership) throw new NotFound("Membership");
  if (membership.status === "subscribed") return { membership, changed: false };
  if (membership.status !== "unconfirmed") {
    throw conflict(
      `The contact is ${membership.status} on this list: only an unconfirmed one can be confirmed.`,
    );
  }
  return moveMembership(ctx, {
    list,
    contact,
    from: ["unconfirmed"],
    to: "subscribed",
    entry: { action: "confirmed", ip: origin.ip, userAgent: origin.userAgent, confirmedAt: ctx.now() },
  });
}
