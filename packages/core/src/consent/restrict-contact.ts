import { consentEvents, listMemberships, newId, suppressions } from "@edgepost/db";
import { and, eq, inArray } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import { sourceOf } from "../contacts/shared";
import type { AccountCtx } from "../context";
import { findContact } from "./subject";

/**
 * A contact's request to restrict processing (SPEC §J): it is unsubscribed from every list it is
 * on, with one `restricted` ledger entry per list, and its address goes on the suppression list
 * (reason `unsubscribe`), all at once. Bounced and complained statuses stay as they are: they
 * already stop every mailing and say more. A contact with only a phone number has no address to
 * suppress.
 */
export async function restrictContact({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "contacts:write");
  assertCanWrite(ctx);
  const { accountId } = ctx.principal;
  const contact = await findContact(ctx, input.id);
  const now = ctx.now();
  const memberships = await ctx.db
    .select({ listId: listMemberships.listId })
    .from(listMemberships)
    .where(and(eq(listMemberships.accountId, accountId), eq(listMemberships.contactId, contact.id)));
  const source = sourceOf(ctx);
  const email = contact.email?.toLowerCase() ?? null;
  const entries = memberships.map(({ listId }) => ({
    id: newId("cns", now.getTime()),
    accountId,
    contactId: contact.id,
    listId,
    action: "restricted" as const,
    ...source,
    email: contact.email,
    phone: contact.phone,
    occurredAt: now,
  }));
  await ctx.db.batch([
    ctx.db
      .update(listMemberships)
      .set({ status: "unsubscribed", updatedAt: now })
      .where(
        and(
          eq(listMemberships.accountId, accountId),
          eq(listMemberships.contactId, contact.id),
          inArray(listMemberships.status, ["unconfirmed", "subscribed"]),
        ),
      ),
    ...(entries.length ? [ctx.db.insert(consentEvents).values(entries)] : []),
    ...(email
      ? [
          ctx.db
            .insert(suppressions)
            .values({
              id: newId("sup"),
              accountId,
              email,
              reason: "unsubscribe",
              source: ctx.principal.actor,
              createdAt: now,
            })
            .onConflictDoNothing(),
        ]
      : []),
    auditEntry(ctx, "contact.restricted", contact.id),
  ]);
  return { id: contact.id, lists: memberships.length, suppressed: email !== null };
}
