import { consentEvents, listMemberships, lists, messageEvents, messages, suppressions } from "@edgepost/db";
import { and, asc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { findContact, sentTo } from "./subject";

/**
 * Everything the account holds about one contact, for the contact's access request (SPEC §J): the
 * contact, its lists, its consent entries, its suppression and the messages sent to its address
 * with their events. No bodies, and no event about another recipient of the same message.
 */
export async function exportContact({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "contacts:read");
  const { accountId } = ctx.principal;
  const contact = await findContact(ctx, input.id);
  const email = contact.email?.toLowerCase() ?? null;
  const addressed = email ? sentTo(accountId, email) : sql`0`;
  const [memberships, entries, suppressed, sent, events] = await ctx.db.batch([
    ctx.db
      .select({
        listId: listMemberships.listId,
        name: lists.name,
        status: listMemberships.status,
        createdAt: listMemberships.createdAt,
        updatedAt: listMemberships.updatedAt,
      })
      .from(listMemberships)
      .innerJoin(lists, eq(lists.id, listMemberships.listId))
      .where(and(eq(listMemberships.accountId, accountId), eq(listMemberships.contactId, contact.id)))
      .orderBy(asc(lists.name), asc(lists.id)),
    ctx.db
      .select()
      .from(consentEvents)
      .where(and(eq(consentEvents.accountId, accountId), eq(consentEvents.contactId, contact.id)))
      .orderBy(asc(consentEvents.occurredAt), asc(consentEvents.id)),
    ctx.db
      .select({
        id: suppressions.id,
        email: suppressions.email,
        reason: suppressions.reason,
        createdAt: suppressions.createdAt,
      })
      .from(suppressions)
      .where(and(eq(suppressions.accountId, accountId), eq(suppressions.email, email ?? ""))),
    ctx.db
      .select({
        id: messages.id,
        channel: messages.channel,
        subject: messages.subject,
        status: messages.status,
        createdAt: messages.createdAt,
      })
      .from(messages)
      .where(addressed)
      .orderBy(asc(messages.id)),
    ctx.db
      .select({
        messageId: messageEvents.messageId,
        type: messageEvents.type,
        recipient: messageEvents.recipient,
        detail: messageEvents.detail,
        occurredAt: messageEvents.occurredAt,
      })
      .from(messageEvents)
      .where(
        and(
          eq(messageEvents.accountId, accountId),
          inArray(
            messageEvents.messageId,
            ctx.db.select({ id: messages.id }).from(messages).where(addressed),
          ),
          // Events about another recipient of the same message are that person's, not this one's.
          or(isNull(messageEvents.recipient), sql`lower(${messageEvents.recipient}) = ${email ?? ""}`),
        ),
      )
      .orderBy(asc(messageEvents.occurredAt), asc(messageEvents.id)),
  ]);
  return {
    format: "edgepost.contact-export.v1" as const,
    exportedAt: ctx.now(),
    contact,
    lists: memberships.map(({ listId, ...rest }) => ({ id: listId, ...rest })),
    consent: entries.map(({ accountId: _account, contactId: _contact, ...entry }) => entry),
    suppression: suppressed[0] ?? null,
    messages: sent.map((message) => ({
      ...message,
      events: events
        .filter((event) => event.messageId === message.id)
        .map(({ messageId: _message, ...event }) => event),
    })),
  };
}
