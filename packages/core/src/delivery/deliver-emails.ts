import { messageAttachments } from "@edgepost/db";
import type { EmailAddress, EmailMessage, EmailProvider, SendResult } from "@edgepost/messaging/port";
import { asc, eq } from "drizzle-orm";
import type { Ctx, DeliveryQueue } from "../context";
import { type ClaimedAttachment, type ClaimedRow, claimEmails } from "./claim-emails";
import { interruptedRefusal, missingAnswer, settleAnswer, withDkim } from "./provider-answer";
import { readSenders, type Sender } from "./read-senders";
import { type Outcome, recordOutcomes } from "./record-outcomes";

export type DeliveryOutcome =
  | { outcome: "sent"; providerMessageId: string }
  | { outcome: "already_done" }
  | { outcome: "retry"; reason: string }
  | { outcome: "failed"; reason: string };

export interface DeliverCtx extends Ctx {
  /**
   * The provider that sends with an account's own provider URL, or the platform's (undefined: system
   * emails, and accounts without their own); rejects when it cannot be checked now (DNS down).
   */
  providerFor(url: string | undefined): Promise<EmailProvider>;
  /** Opens accounts' sealed provider URLs and DKIM keys. */
  signingSecret: string;
  /** The platform's sender, for system emails. */
  from: EmailAddress;
  /** Where the webhooks an outcome owes are queued (after its write committed). */
  delivery: DeliveryQueue;
}

export interface EmailDelivery {
  accountId: string;
  messageId: string;
}

/** An attachment as the message carries it: from the claim's read, or read alone when large. */
type AttachedFile = Pick<ClaimedAttachment, "filename" | "contentType" | "contentId" | "contentBase64">;

/** At most this many provider calls of one batch at once (provider and socket limits). */
const CONCURRENT_CALLS = 6;

/**
 * Sends the emails of one queue batch, each at most once, in a handful of round trips whatever the
 * batch's size: the accounts' senders read together, every claimable message claimed in one
 * statement (ADR 0004), the messages handed to their providers a call per provider and send key
 * (a batch endpoint, one SMTP connection), and every outcome with its event and webhooks written
 * in one batch. A claim left by a delivery that died mid-send is settled by what the provider can
 * promise: one that deduplicates is asked again with the same call; with any other the outcome is
 * unknown, so once the claim is stale the message is failed with that reason instead of risking a
 * second copy. Answers an outcome for every message id of the input.
 */
export async function deliverEmails({
  ctx,
  input,
}: {
  ctx: DeliverCtx;
  input: readonly EmailDelivery[];
}): Promise<Map<string, DeliveryOutcome>> {
  const outcomes = new Map<string, DeliveryOutcome>();
  if (input.length === 0) return outcomes;
  const accountOf = new Map(input.map((item) => [item.messageId, item.accountId]));
  const ids = [...accountOf.keys()];
  const senders = await readSenders(ctx, [...new Set(accountOf.values())], ctx.signingSecret);
  const platform = await ctx.providerFor(undefined);
  const providers = new Map<string, EmailProvider>();
  const unavailable = new Map<string, string>();
  await Promise.all(
    [...senders].map(([accountId, sender]) =>
      ctx.providerFor(sender.providerUrl).then(
        (provider) => providers.set(accountId, provider),
        (error: unknown) => unavailable.set(accountId, `provider_unavailable: ${String(error)}`),
      ),
    ),
  );

  const claimed = await claimEmails(ctx, {
    ids,
    accounts: providers,
    platform,
    now: ctx.now(),
  });
  const settled: Outcome[] = [];
  const calls = new Map<string, { provider: EmailProvider; rows: ClaimedRow[] }>();
  for (const row of claimed.rows) {
    const provider = row.category === "system" ? platform : providers.get(row.accountId);
    const sender = senders.get(row.accountId);
    const refused = provider && sender ? refusal(row, sender, provider) : "no such account";
    if (refused || !provider) {
      settled.push({ id: row.id, status: "failed", error: refused ?? "no provider" });
      continue;
    }
    const key = row.sendKey ?? row.id;
    const call = calls.get(key) ?? { provider, rows: [] };
    call.rows.push(row);
    calls.set(key, call);
  }
  const pending = [...calls];
  const worker = async () => {
    for (let next = pending.shift(); next; next = pending.shift()) {
      const [key, call] = next;
      settled.push(...(await sendCall(ctx, claimed.attachments, senders, key, call)));
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_CALLS, pending.length) }, worker));

  const landed = await recordOutcomes(ctx, claimed.claim, settled);
  for (const outcome of settled) outcomes.set(outcome.id, landed.has(outcome.id) ? result(outcome) : lost());
  for (const id of ids) {
    if (outcomes.has(id)) continue;
    const status = claimed.statuses.get(id);
    if (!status) outcomes.set(id, { outcome: "failed", reason: "no such message" });
    else if (status === "sending")
      outcomes.set(id, { outcome: "retry", reason: "another delivery is sending it" });
    else if (status === "queued")
      outcomes.set(id, {
        outcome: "retry",
        reason: unavailable.get(accountOf.get(id) ?? "") ?? "not claimable now",
      });
    else outcomes.set(id, { outcome: "already_done" });
  }
  return outcomes;
}

const lost = (): DeliveryOutcome => ({ outcome: "retry", reason: "another delivery took it over" });

function result(outcome: Outcome): DeliveryOutcome {
  if (outcome.status === "sent")
    return { outcome: "sent", providerMessageId: outcome.providerMessageId ?? "" };
  if (outcome.status === "failed") return { outcome: "failed", reason: outcome.error ?? "" };
  return { outcome: "retry", reason: outcome.error ?? "" };
}

/**
 * Why a claimed message is failed instead of sent: an earlier attempt was interrupted after the
 * provider may have taken it and this provider cannot deduplicate, or its account may not send.
 */
function refusal(row: ClaimedRow, sender: Sender, provider: EmailProvider): string | undefined {
  const interrupted = interruptedRefusal(row.error, provider);
  if (interrupted) return interrupted;
  if (row.category === "transactional" && sender.status !== "active") {
    return `account_${sender.status}: the account may not send`;
  }
  return undefined;
}

/**
 * One provider call: the messages that went (or go) out under one send key, in the order of their
 * ids, so that a call made again is the same call. A message whose attachments are too large to be
 * read with the batch is read and sent on its own, keyed by its id.
 */
async function sendCall(
  ctx: DeliverCtx,
  attachments: ReadonlyMap<string, ClaimedAttachment[]>,
  senders: ReadonlyMap<string, Sender>,
  key: string,
  call: { provider: EmailProvider; rows: ClaimedRow[] },
): Promise<Outcome[]> {
  const rows = [...call.rows].sort((a, b) => (a.id < b.id ? -1 : 1));
  const heavy = (row: ClaimedRow) => attachments.get(row.id)?.some((file) => file.contentBase64 === null);
  const together = rows.filter((row) => !heavy(row));
  const signed = (row: ClaimedRow, files: readonly ClaimedAttachment[]) =>
    signedEmail(ctx, senders, call.provider, row, files);
  const results: [ClaimedRow, SendResult][] = [];
  if (together.length > 0) {
    const emails = await Promise.all(together.map((row) => signed(row, attachments.get(row.id) ?? [])));
    const answers = await call.provider.sendBatch(emails, { idempotencyKey: key });
    for (const [i, row] of together.entries()) results.push([row, answers[i] ?? missingAnswer]);
  }
  for (const row of rows.filter(heavy)) {
    const files = await ctx.db
      .select()
      .from(messageAttachments)
      .where(eq(messageAttachments.messageId, row.id))
      .orderBy(asc(messageAttachments.position));
    results.push([row, await call.provider.send(await signed(row, files))]);
  }
  return results.map(([row, answer]) => settle(row, call.provider, answer));
}

/** The message as accepted, DKIM-signed with its sender domain's key when it goes out over SMTP. */
function signedEmail(
  ctx: DeliverCtx,
  senders: ReadonlyMap<string, Sender>,
  provider: EmailProvider,
  row: ClaimedRow,
  files: readonly AttachedFile[],
): Promise<EmailMessage> {
  const email = emailOf(ctx, row, files);
  if (row.category !== "transactional") return Promise.resolve(email);
  return withDkim(senders.get(row.accountId), provider, email);
}

/** What the provider answered, as the outcome to record: sent, released for a retry (`queued`), or failed. */
function settle(row: ClaimedRow, provider: EmailProvider, answer: SendResult): Outcome {
  const settled = settleAnswer(answer, provider, row.error);
  return settled.status === "retry"
    ? { id: row.id, ...settled, status: "queued" }
    : { id: row.id, ...settled };
}

/** The message as the provider port takes it, exactly as accepted. */
function emailOf(ctx: DeliverCtx, row: ClaimedRow, files: readonly AttachedFile[]): EmailMessage {
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
            contentBase64: file.contentBase64 ?? "",
            ...(file.contentId ? { contentId: file.contentId } : {}),
          })),
        }
      : {}),
    idempotencyKey: row.id,
  };
}
