import { messageAttachments, messages, newId } from "@edgepost/db";
import { and, asc, eq, inArray, isNotNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../context";

/** Appended to the error of a message whose earlier attempt was cut off mid-send. */
export const INTERRUPTED = " (an attempt was interrupted mid-send: it may have been delivered)";

/** A claim older than this is taken to be from a delivery that died mid-send. */
export const CLAIM_TIMEOUT_MS = 10 * 60_000;

/** A message whose attachments add up to more is read again, alone, when it is sent (memory). */
export const BATCH_ATTACHMENT_BYTES = 256 * 1024;

/** What sends a group of messages: the provider's name, and whether it deduplicates a repeated call. */
export interface ClaimProvider {
  name: string;
  idempotent: boolean;
}

/** What sending a claimed message needs: its content, and how its claim stands. */
const claimedColumns = {
  id: messages.id,
  accountId: messages.accountId,
  category: messages.category,
  fromAddress: messages.fromAddress,
  fromName: messages.fromName,
  toAddress: messages.toAddress,
  recipients: messages.recipients,
  replyTo: messages.replyTo,
  subject: messages.subject,
  text: messages.text,
  html: messages.html,
  headers: messages.headers,
  headerMessageId: messages.headerMessageId,
  error: messages.error,
  sendKey: messages.sendKey,
};

export type ClaimedRow = Pick<typeof messages.$inferSelect, keyof typeof claimedColumns>;
export type ClaimedAttachment = Omit<
  typeof messageAttachments.$inferSelect,
  "contentBase64" | "accountId"
> & {
  /** Null when the message's attachments are too large to be read with the batch. */
  contentBase64: string | null;
};

export interface Claimed {
  /** This delivery's claim: only it may record the outcome of the rows it holds. */
  claim: string;
  rows: ClaimedRow[];
  /** Every message of the batch as it is after the claim (missing: no such message). */
  statuses: Map<string, (typeof messages.$inferSelect)["status"]>;
  attachments: Map<string, ClaimedAttachment[]>;
}

/**
 * Claims, in one statement, every message of a queue batch that may be sent now (queued → sending,
 * attempts + 1), returning what the send needs, and in the same round trip reads their
 * attachments and how every message of the batch stands. A message can be claimed when it is
 * queued, or when another delivery's claim is stale (it died mid-send) or goes through a provider
 * that deduplicates (sending again cannot deliver twice). Such a take-over keeps the message's
 * `sendKey` and marks its error as interrupted, and claims with it every other message that went
 * out in the same provider call, so that the call can be made again exactly as it was.
 * Transactional messages are claimed only for `accounts` (those whose provider is known now);
 * system emails go through `platform`.
 */
export async function claimEmails(
  ctx: Ctx,
  input: {
    ids: readonly string[];
    accounts: ReadonlyMap<string, ClaimProvider>;
    platform: ClaimProvider;
    now: Date;
  },
): Promise<Claimed> {
  const { now, platform } = input;
  const ids = [...input.ids];
  const claim = newId("clm", now.getTime());
  const accountIds = [...input.accounts.keys()];
  const idempotentAccounts = accountIds.filter((id) => input.accounts.get(id)?.idempotent);
  const system = eq(messages.category, "system");
  const transactional = eq(messages.category, "transactional");
  const deduplicates = or(
    platform.idempotent ? system : undefined,
    and(transactional, inArray(messages.accountId, idempotentAccounts)),
  );
  const keysInBatch = ctx.db
    .select({ key: messages.sendKey })
    .from(messages)
    .where(
      and(
        inArray(messages.id, ids),
        inArray(messages.status, ["queued", "sending"]),
        isNotNull(messages.sendKey),
      ),
    );
  // The batch's messages, and those that went out in the same provider call (both by index).
  const candidates = or(
    inArray(messages.id, ids),
    and(isNotNull(messages.sendKey), inArray(messages.sendKey, keysInBatch)),
  );
  const claimable = and(
    or(system, inArray(messages.accountId, accountIds)),
    candidates,
    // `+status`: not by the status index, which would read every queued message (a campaign's).
    or(
      sql`+${messages.status} = 'queued'`,
      and(
        sql`+${messages.status} = 'sending'`,
        or(lt(messages.claimedAt, new Date(now.getTime() - CLAIM_TIMEOUT_MS)), deduplicates),
      ),
    ),
  );
  const [rows, statuses, attachments] = await ctx.db.batch([
    ctx.db
      .update(messages)
      .set({
        status: "sending",
        claimedAt: now,
        claim,
        attempts: sql`${messages.attempts} + 1`,
        provider: providerName(input.accounts, platform),
        sendKey: sql`coalesce(${messages.sendKey}, ${claim} || '-' || ${messages.accountId} || case when ${system} then '-s' else '' end)`,
        error: sql`case when ${messages.status} = 'sending' and coalesce(substr(${messages.error}, ${-INTERRUPTED.length}), '') <> ${INTERRUPTED}
          then coalesce(${messages.error}, 'interrupted while sending') || ${INTERRUPTED} else ${messages.error} end`,
      })
      .where(claimable)
      .returning(claimedColumns),
    ctx.db
      .select({ id: messages.id, status: messages.status })
      .from(messages)
      .where(inArray(messages.id, ids)),
    ctx.db
      .select({
        id: messageAttachments.id,
        messageId: messageAttachments.messageId,
        position: messageAttachments.position,
        filename: messageAttachments.filename,
        contentType: messageAttachments.contentType,
        contentId: messageAttachments.contentId,
        size: messageAttachments.size,
        // Spelled out: in a one-table select, drizzle would leave the outer column unqualified.
        contentBase64: sql<string | null>`case when (
          select sum(b.size) from message_attachments as b where b.message_id = message_attachments.message_id
        ) <= ${BATCH_ATTACHMENT_BYTES} then message_attachments.content_base64 end`,
      })
      .from(messageAttachments)
      .where(
        inArray(
          messageAttachments.messageId,
          ctx.db
            .select({ id: messages.id })
            .from(messages)
            .where(and(candidates, eq(messages.claim, claim))),
        ),
      )
      .orderBy(asc(messageAttachments.messageId), asc(messageAttachments.position)),
  ]);
  const byMessage = new Map<string, ClaimedAttachment[]>();
  for (const file of attachments)
    byMessage.set(file.messageId, [...(byMessage.get(file.messageId) ?? []), file]);
  return {
    claim,
    rows,
    statuses: new Map(statuses.map((row) => [row.id, row.status])),
    attachments: byMessage,
  };
}

/** The provider each claimed message goes through: the platform's for system emails, else its account's. */
function providerName(accounts: ReadonlyMap<string, ClaimProvider>, platform: ClaimProvider): SQL {
  if (accounts.size === 0) return sql`${platform.name}`;
  const cases = [...accounts].map(([id, provider]) => sql`when ${id} then ${provider.name}`);
  return sql`case when ${messages.category} = 'system' then ${platform.name} else case ${messages.accountId} ${sql.join(cases, sql` `)} end end`;
}
