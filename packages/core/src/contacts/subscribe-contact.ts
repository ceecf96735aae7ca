import { listMemberships, suppressions } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import type { AccountCtx } from "../context";
import { findMembership, mustReadMembership, requestOrigin } from "./membership";
import { conflict, ledgerEntryIfChanged } from "./shared";

export const MAX_CONSENT_TEXT = 10_000;

export const subscribeContactInput = requestOrigin.extend({
  /** The exact consent text the contact agreed to, kept in the consent ledger as given (not trimmed). */
  consentText: z
    .string()
    .max(MAX_CONSENT_TEXT)
    .refine((text) => text.trim() !== "", "the consent text shown to the contact is required"),
});

/**
 * Subscribes a contact to a list: `unconfirmed` on a double opt-in list (until confirmed), else
 * `subscribed`. The consent ledger gets the entry, with the exact consent text, in the same batch.
 * A contact already subscribed or waiting for confirmation is left as it is; one that bounced or
 * complained, or whose address the account suppresses, is refused (409).
 */
export async function subscribeContact({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: { listId: string; contactId: string } & z.input<typeof subscribeContactInput>;
}) {
  assertPermission(ctx, "contacts:write");
  assertCanWrite(ctx);
  const { listId, contactId, ...rest } = input;
  const data = subscribeContactInput.parse(rest);
  const { list, contact, membership } = await findMembership(ctx, { listId, contactId });
  const { accountId } = ctx.principal;
  if (membership?.status === "bounced" || membership?.status === "complained") {
    throw conflict(`The contact ${membership.status} on this list: it can't be subscribed again.`);
  }
  if (contact.email) {
    const [suppressed] = await ctx.db
      .select({ reason: suppressions.reason })
      .from(suppressions)
      .where(and(eq(suppressions.accountId, accountId), eq(suppressions.email, contact.email)));
    if (suppressed) {
      throw conflict(`The contact's email is on the account's suppression list (${suppressed.reason}).`);
    }
  }
  const status = list.doubleOptIn ? "unconfirmed" : "subscribed";
  const now = ctx.now();
  const [, entry] = await ctx.db.batch([
    // New, or back from unsubscribed: anything else is left as it is (and then no entry is written).
    ctx.db
      .insert(listMemberships)
      .values({ accountId, listId: list.id, contactId: contact.id, status, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [listMemberships.listId, listMemberships.contactId],
        set: { status, updatedAt: now },
        setWhere: and(eq(listMemberships.accountId, accountId), eq(listMemberships.status, "unsubscribed")),
      }),
    ledgerEntryIfChanged(ctx, {
      contactId: contact.id,
      listId: list.id,
      action: "subscribed",
      email: contact.email,
      phone: contact.phone,
      ip: data.ip,
      userAgent: data.userAgent,
      consentText: data.consentText,
    }),
  ]);
  return { membership: await mustReadMembership(ctx, list.id, contact.id), changed: entry.rowsAffected > 0 };
}
