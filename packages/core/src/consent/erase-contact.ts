import {
  campaignRecipients,
  consentEvents,
  contacts,
  idempotencyKeys,
  listMemberships,
  type Mailbox,
  messageEvents,
  messages,
  newId,
  suppressions,
} from "@edgepost/db";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import { sourceOf } from "../contacts/shared";
import type { AccountCtx } from "../context";
import { addressPattern, ERASED_ADDRESS, findContact, sentTo } from "./subject";

export const eraseContactInput = z.strictObject({
  /**
   * Keep the address on the suppression list so it is never mailed again. This keeps the address
   * itself (lower-cased, in `suppressions`), which is the one trace erasure then leaves: the
   * account chooses between forgetting it and never writing to it again.
   */
  suppress: z.boolean().default(false),
});

/** How many statements go to the database at once while scrubbing a long history. */
const CHUNK = 50;

/**
 * Erases a contact everywhere (SPEC §J): the contact and its list memberships go; its consent
 * entries become tombstones (what happened, how and when stay; address, number, IP, user agent and
 * consent text go) with one new `erased` entry; message events about its address lose the address,
 * and the account's messages to it or mentioning it have the address replaced by `erased@invalid`
 * (recipients, subject, bodies, headers, metadata), as have stored idempotent answers. Its
 * suppression entry goes too, unless `suppress` asks to keep (or add) it.
 *
 * A long history is scrubbed in chunks first; the contact itself, its memberships, ledger and
 * suppression go in one last batch with the audit entry, so an interrupted erasure leaves the
 * contact in place and running it again finishes the work. The audit entry names the contact's id,
 * never its address.
 */
export async function eraseContact({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: { id: string } & z.input<typeof eraseContactInput>;
}) {
  assertPermission(ctx, "contacts:erase");
  assertCanWrite(ctx);
  const { suppress } = eraseContactInput.parse({ suppress: input.suppress });
  const { accountId } = ctx.principal;
  const contact = await findContact(ctx, input.id);
  const now = ctx.now();
  const email = contact.email?.toLowerCase() ?? null;

  let scrubbed = { messages: 0, events: 0 };
  if (email) {
    const statements = await scrubAddress(ctx, email);
    scrubbed = statements.counts;
    for (let i = 0; i < statements.items.length; i += CHUNK) {
      const chunk = statements.items.slice(i, i + CHUNK);
      const [first, ...rest] = chunk;
      if (first) await ctx.db.batch([first, ...rest]);
    }
  }

  const ofContact = <T extends { accountId: AnySQLiteColumn; contactId: AnySQLiteColumn }>(table: T) =>
    and(eq(table.accountId, accountId), eq(table.contactId, contact.id));
  await ctx.db.batch([
    ctx.db.delete(listMemberships).where(ofContact(listMemberships)),
    // A campaign's counts stay in its statistics; who got it does not.
    ctx.db.delete(campaignRecipients).where(ofContact(campaignRecipients)),
    ctx.db.delete(contacts).where(and(eq(contacts.accountId, accountId), eq(contacts.id, contact.id))),
    ctx.db
      .update(consentEvents)
      .set({ email: null, phone: null, ip: null, userAgent: null, consentText: null })
      .where(ofContact(consentEvents)),
    ctx.db.insert(consentEvents).values({
      id: newId("cns", now.getTime()),
      accountId,
      contactId: contact.id,
      action: "erased",
      ...sourceOf(ctx),
      occurredAt: now,
    }),
    ...(email === null
      ? []
      : suppress
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
        : [
            ctx.db
              .delete(suppressions)
              .where(and(eq(suppressions.accountId, accountId), eq(suppressions.email, email))),
          ]),
    auditEntry(ctx, "contact.erased", contact.id),
  ]);
  return { id: contact.id, erasedAt: now, suppressed: email !== null && suppress, ...scrubbed };
}

/** `column` mentions the address (lower-cased), plain or URL-encoded; a cheap pre-filter for the exact pattern. */
function mentions(column: AnySQLiteColumn | SQL, email: string): SQL {
  const encoded = email.replace("@", "%40");
  return sql`(instr(lower(coalesce(${column}, '')), ${email}) > 0 or instr(lower(coalesce(${column}, '')), ${encoded}) > 0)`;
}

/** The updates that replace the address in the account's messages, events and stored answers. */
async function scrubAddress(ctx: AccountCtx, email: string) {
  const { accountId } = ctx.principal;
  const pattern = addressPattern(email);
  const scrub = (text: string) => text.replace(pattern, ERASED_ADDRESS);
  const scrubJson = <T>(value: T): T =>
    value === null || value === undefined ? value : (JSON.parse(scrub(JSON.stringify(value))) as T);
  const isTheAddress = (mailbox: Mailbox) => mailbox.email.toLowerCase() === email;
  const mailbox = (m: Mailbox): Mailbox => (isTheAddress(m) ? { email: ERASED_ADDRESS } : scrubJson(m));

  const [sent, events, answers] = await ctx.db.batch([
    ctx.db
      .select({
        id: messages.id,
        toAddress: messages.toAddress,
        recipients: messages.recipients,
        replyTo: messages.replyTo,
        subject: messages.subject,
        text: messages.text,
        html: messages.html,
        headers: messages.headers,
        tags: messages.tags,
        metadata: messages.metadata,
      })
      .from(messages)
      .where(
        and(
          eq(messages.accountId, accountId),
          sql`(${sentTo(accountId, email)} or ${mentions(messages.subject, email)} or ${mentions(messages.text, email)} or ${mentions(messages.html, email)} or ${mentions(messages.replyTo, email)} or ${mentions(messages.headers, email)} or ${mentions(messages.tags, email)} or ${mentions(messages.metadata, email)})`,
        ),
      ),
    ctx.db
      .select({ id: messageEvents.id, recipient: messageEvents.recipient, detail: messageEvents.detail })
      .from(messageEvents)
      .where(
        and(
          eq(messageEvents.accountId, accountId),
          sql`(${mentions(messageEvents.recipient, email)} or ${mentions(messageEvents.detail, email)})`,
        ),
      ),
    ctx.db
      .select({ key: idempotencyKeys.key, responseBody: idempotencyKeys.responseBody })
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.accountId, accountId), mentions(idempotencyKeys.responseBody, email))),
  ]);

  const items: BatchItem<"sqlite">[] = [];
  for (const m of sent) {
    const recipients = m.recipients && {
      to: m.recipients.to.map(mailbox),
      cc: m.recipients.cc.map(mailbox),
      bcc: m.recipients.bcc.map(mailbox),
    };
    items.push(
      ctx.db
        .update(messages)
        .set({
          toAddress: m.toAddress.toLowerCase() === email ? ERASED_ADDRESS : scrub(m.toAddress),
          recipients,
          replyTo: m.replyTo && mailbox(m.replyTo),
          subject: scrub(m.subject),
          text: scrub(m.text),
          html: m.html && scrub(m.html),
          headers: scrubJson(m.headers),
          tags: scrubJson(m.tags),
          metadata: scrubJson(m.metadata),
        })
        .where(and(eq(messages.accountId, accountId), eq(messages.id, m.id))),
    );
  }
  let anonymised = 0;
  for (const event of events) {
    const theirs = event.recipient !== null && event.recipient.toLowerCase() === email;
    const recipient = theirs || event.recipient === null ? null : scrub(event.recipient);
    if (theirs) anonymised++;
    items.push(
      ctx.db
        .update(messageEvents)
        .set({ recipient, detail: event.detail && scrub(event.detail) })
        .where(and(eq(messageEvents.accountId, accountId), eq(messageEvents.id, event.id))),
    );
  }
  for (const answer of answers) {
    items.push(
      ctx.db
        .update(idempotencyKeys)
        .set({ responseBody: scrub(answer.responseBody) })
        .where(and(eq(idempotencyKeys.accountId, accountId), eq(idempotencyKeys.key, answer.key))),
    );
  }
  return { items, counts: { messages: sent.length, events: anonymised } };
}
