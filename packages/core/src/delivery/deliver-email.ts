import { accounts, messageAttachments, messages } from "@edgepost/db";
import type { EmailAddress, EmailMessage, EmailProvider } from "@edgepost/messaging/port";
import { and, asc, eq, type SQL, sql } from "drizzle-orm";
import type { Ctx, DeliveryQueue } from "../context";
import { enqueue } from "./enqueue";
import { type MessageEvent, messageEventWrites } from "./message-event";

/** Appended to the error of a message whose earlier attempt was cut off mid-send. */
export const INTERRUPTED = " (an attempt was interrupted mid-send: it may have been delivered)";

/** A claim older than this is taken to be from a delivery that died mid-send. */
export const CLAIM_TIMEOUT_MS = 10 * 60_000;

export type DeliveryOutcome =
  | { outcome: "sent"; providerMessageId: string }
  | { outcome: "already_done" }
  | { outcome: "retry"; reason: string }
  | { outcome: "failed"; reason: string };

export interface DeliverCtx extends Ctx {
  /** The provider that sends this account's emails: its own, or the platform's (always for system emails). */
  providerFor(accountId: string, category: "system" | "transactional"): Promise<EmailProvider>;
  /** The platform's sender, for system emails. */
  from: EmailAddress;
  /** The DKIM key of an account's verified sender domain, to sign what goes out as built (SMTP). */
  dkimFor(accountId: string, domain: string): Promise<EmailMessage["dkim"]>;
  /** Where the webhooks an outcome owes are queued (after its write committed). */
  delivery: DeliveryQueue;
}

type Row = typeof messages.$inferSelect;
type Attachment = typeof messageAttachments.$inferSelect;

/**
 * Sends one queued email at most once. The message is claimed (queued → sending) before the
 * provider is called, so a queue redelivery while or after it is sent sends nothing. A claim left
 * by a delivery that died mid-send is settled by what the provider can promise: a provider that
 * deduplicates by our message id is simply asked again (it answers without sending twice); with any
 * other the outcome is unknown, so once the claim is stale the message is marked failed with that
 * reason instead of risking a second copy. A retryable failure releases the claim for the retry,
 * a permanent one is recorded; each outcome is an event with its webhooks.
 */
export async function deliverEmail({
  ctx,
  input,
}: {
  ctx: DeliverCtx;
  input: { accountId: string; messageId: string };
}): Promise<DeliveryOutcome> {
  const ours = and(eq(messages.id, input.messageId), eq(messages.accountId, input.accountId));
  const [found] = await ctx.db
    .select({ message: messages, accountStatus: accounts.status })
    .from(messages)
    .innerJoin(accounts, eq(accounts.id, messages.accountId))
    .where(ours);
  if (!found) return { outcome: "failed", reason: "no such message" };
  const row = found.message;
  if (row.status !== "queued" && row.status !== "sending") return { outcome: "already_done" };

  const provider = await ctx.providerFor(row.accountId, row.category);
  const now = ctx.now();
  const refused = refusal(row, found.accountStatus, provider, now);
  if (refused) {
    if (refused.outcome === "failed") {
      await finish(
        ctx,
        row,
        sameClaim(row),
        { status: "failed", error: refused.reason },
        { type: "failed", detail: refused.reason },
      );
    }
    return refused;
  }

  const files = await claim(ctx, row, provider, now);
  if (!files) return { outcome: "retry", reason: "another delivery claimed it first" };
  const result = await send(ctx, row, files, provider);
  // Only while the claim is still ours: a delivery taken over must not overwrite the newer one.
  const stillOurs = and(ours, eq(messages.status, "sending"), eq(messages.claimedAt, now));
  return settleResult(ctx, row, provider, result, stillOurs);
}

/**
 * Why the message is not sent now, if it is not: a claim left by a delivery that died mid-send
 * through a provider that does not deduplicate (retried until it is stale, then failed), or an
 * account that may not send.
 */
function refusal(
  row: Row,
  accountStatus: (typeof accounts.$inferSelect)["status"],
  provider: EmailProvider,
  now: Date,
): { outcome: "retry" | "failed"; reason: string } | undefined {
  if (row.status === "sending" && !provider.idempotent) {
    const stale = (row.claimedAt?.getTime() ?? 0) < now.getTime() - CLAIM_TIMEOUT_MS;
    if (!stale) return { outcome: "retry", reason: "another delivery is sending it" };
    return {
      outcome: "failed",
      reason: `interrupted while sending through ${provider.name}: the outcome is unknown and it is not sent again, so that it cannot arrive twice`,
    };
  }
  if (row.category === "transactional" && accountStatus !== "active") {
    return { outcome: "failed", reason: `account_${accountStatus}: the account may not send` };
  }
  return undefined;
}

/** Claims the message for this delivery and reads its attachments; `undefined` if another claimed it first. */
async function claim(ctx: DeliverCtx, row: Row, provider: EmailProvider, now: Date) {
  // The claim: only from the state just read, so of two deliveries racing, one wins.
  const [claimed, files] = await ctx.db.batch([
    ctx.db
      .update(messages)
      .set({
        status: "sending",
        claimedAt: now,
        attempts: sql`${messages.attempts} + 1`,
        provider: provider.name,
      })
      .where(sameClaim(row))
      .returning({ id: messages.id }),
    ctx.db
      .select()
      .from(messageAttachments)
      .where(eq(messageAttachments.messageId, row.id))
      .orderBy(asc(messageAttachments.position)),
  ]);
  return claimed.length === 0 ? undefined : files;
}

/** Hands the message to the provider, signed with the sender domain's DKIM key when sent over SMTP. */
async function send(ctx: DeliverCtx, row: Row, files: Attachment[], provider: EmailProvider) {
  const email = emailOf(ctx, row, files);
  const dkim =
    provider.name === "smtp" && row.category === "transactional"
      ? await ctx.dkimFor(row.accountId, email.from.email.slice(email.from.email.lastIndexOf("@") + 1))
      : undefined;
  return provider.send(dkim ? { ...email, dkim } : email);
}

/** Records what the provider answered: sent, released for a retry, or failed. */
async function settleResult(
  ctx: DeliverCtx,
  row: Row,
  provider: EmailProvider,
  result: Awaited<ReturnType<EmailProvider["send"]>>,
  stillOurs: SQL | undefined,
): Promise<DeliveryOutcome> {
  if (result.ok) {
    await finish(
      ctx,
      row,
      stillOurs,
      { status: "sent", providerMessageId: result.providerMessageId, sentAt: ctx.now(), error: null },
      { type: "sent", detail: provider.name },
    );
    return { outcome: "sent", providerMessageId: result.providerMessageId };
  }
  const reason = `${result.code}: ${result.message}`.slice(0, 1000);
  if (result.unknownOutcome && !provider.idempotent) {
    // The provider may have taken it: sending it again could deliver it twice. Failed, visibly.
    const error = `${reason}${INTERRUPTED}; not sent again, so that it cannot arrive twice`;
    await finish(
      ctx,
      row,
      stillOurs,
      { status: "failed", claimedAt: null, error },
      { type: "failed", detail: error },
    );
    return { outcome: "failed", reason: error };
  }
  if (result.retryable) {
    // Once an attempt was interrupted or its answer lost after the provider may have taken the
    // message, every later error says so: if the retries run out, the failure must not claim it
    // never went out.
    const interrupted = result.unknownOutcome || row.status === "sending" || row.error?.endsWith(INTERRUPTED);
    const error = interrupted ? `${reason}${INTERRUPTED}` : reason;
    await ctx.db.update(messages).set({ status: "queued", claimedAt: null, error }).where(stillOurs);
    return { outcome: "retry", reason: error };
  }
  await finish(
    ctx,
    row,
    stillOurs,
    { status: "failed", claimedAt: null, error: reason },
    { type: "failed", detail: reason },
  );
  return { outcome: "failed", reason };
}

/** The row is still as it was read: the same status and the same claim. */
function sameClaim(row: Row): SQL | undefined {
  return and(
    eq(messages.id, row.id),
    eq(messages.status, row.status),
    row.claimedAt ? eq(messages.claimedAt, row.claimedAt) : sql`${messages.claimedAt} is null`,
  );
}

/** A terminal outcome: the status change, its event and webhooks in one write, then the webhooks queued. */
async function finish(
  ctx: DeliverCtx,
  row: Row,
  where: SQL | undefined,
  set: Partial<typeof messages.$inferInsert>,
  event: Pick<MessageEvent, "type" | "detail">,
): Promise<void> {
  const at = ctx.now();
  const writes = messageEventWrites(ctx, {
    accountId: row.accountId,
    messageId: row.id,
    occurredAt: at,
    ...event,
  });
  const [, , hooks] = await ctx.db.batch([
    ctx.db
      .update(messages)
      .set({ ...set, updatedAt: at })
      .where(where),
    ...writes.statements,
  ]);
  await enqueue(ctx.delivery, writes.queuedFrom(hooks));
}

/** The message as the provider port takes it, exactly as accepted. */
function emailOf(ctx: DeliverCtx, row: Row, files: Attachment[]): EmailMessage {
  const from =
    row.category === "system" || !row.fromAddress
      ? ctx.from
      : { email: row.fromAddress, ...(row.fromName ? { name: row.fromName } : {}) };
  const recipients = row.recipients ?? { to: [{ email: row.toAddress }], cc: [], bcc: [] };
  return {
    from,
    to: recipients.to,
    ...(recipients.cc.length ? { cc: recipients.cc } : {}),
    ...(recipients.bcc.length ? { bcc: recipients.bcc } : {}),
    ...(row.replyTo ? { replyTo: row.replyTo } : {}),
    subject: row.subject,
    text: row.text,
    ...(row.html !== null ? { html: row.html } : {}),
    ...(row.headerMessageId ? { messageId: row.headerMessageId } : {}),
    headers: { ...(row.headers ?? {}), "X-Edgepost-Message-Id": row.id },
    ...(files.length
      ? {
          attachments: files.map((file) => ({
            filename: file.filename,
            contentType: file.contentType,
            contentBase64: file.contentBase64,
            ...(file.contentId ? { contentId: file.contentId } : {}),
          })),
        }
      : {}),
    idempotencyKey: row.id,
  };
}
