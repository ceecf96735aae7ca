import { messageEvents, messages, webhookDeliveries, webhookEndpoints } from "@edgepost/db";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { DnsUnavailable } from "../domains/dns-resolver";
import type { Outbound } from "../outbound/connection-refusal";
import { urlConnectionRefusal } from "../outbound/url-refusal";
import { signWebhook, type WebhookHeaders, webhookSecret } from "./signature";

/** How long an endpoint has to answer before the attempt counts as failed and is retried. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export type WebhookDeliveryOutcome =
  | { outcome: "delivered"; status: number }
  | { outcome: "already_done" }
  | { outcome: "retry"; reason: string }
  | { outcome: "failed"; reason: string };

/**
 * What the delivery worker gives: the platform's signing key, the outbound policy every POST is
 * checked against, and `fetch` (replaceable in tests).
 */
export type WebhookDeliveryCtx = Ctx & { signingSecret: string; outbound: Outbound; fetch?: typeof fetch };

const sqlPlusOne = sql`${webhookDeliveries.attempts} + 1`;

/** The JSON body POSTed to an endpoint for one message event. */
export interface WebhookPayload {
  type: `email.${string}`;
  createdAt: string;
  data: {
    messageId: string;
    status: string;
    to: string;
    subject: string;
    tags: string[];
    metadata: Record<string, string>;
    recipient?: string;
    detail?: string;
  };
}

/**
 * POSTs one owed webhook to its endpoint, signed (Standard Webhooks: `webhook-id` is the event id,
 * the same on every retry). 2xx: delivered. 410 Gone: the endpoint is disabled and the delivery
 * failed. Anything else — another status, a redirect, a timeout, a network error — is recorded
 * (attempts, status, error) and answered `retry`, for the queue to try again with backoff.
 * A delivery already delivered or failed is `already_done`; one whose endpoint is disabled fails,
 * and so does one whose URL the outbound policy refuses now (no request is made).
 */
export async function deliverWebhook({
  ctx,
  input,
}: {
  ctx: WebhookDeliveryCtx;
  input: { accountId: string; deliveryId: string };
}): Promise<WebhookDeliveryOutcome> {
  const ours = and(
    eq(webhookDeliveries.id, input.deliveryId),
    eq(webhookDeliveries.accountId, input.accountId),
  );
  const row = await owedDelivery(ctx, ours);
  if (!row)
    return { outcome: "failed", reason: "no such webhook delivery (its endpoint may have been deleted)" };
  if (row.status !== "pending") return { outcome: "already_done" };
  const stillPending = and(ours, eq(webhookDeliveries.status, "pending"));
  if (!row.enabled) {
    const reason = "the endpoint is disabled";
    await ctx.db.update(webhookDeliveries).set({ status: "failed", error: reason }).where(stillPending);
    return { outcome: "failed", reason };
  }
  const refused = await refusedByPolicy(ctx, row.url, stillPending);
  if (refused) return refused;

  const body = JSON.stringify(payloadOf(row));
  const headers = await signWebhook({
    secret: await webhookSecret(ctx.signingSecret, row.endpointId, row.secretVersion),
    id: row.eventId,
    timestamp: Math.floor(ctx.now().getTime() / 1000),
    body,
  });
  const attempt = await post(ctx, row.url, headers, body, stillPending);
  if ("outcome" in attempt) return attempt;
  return recordFailedAttempt(
    ctx,
    { accountId: input.accountId, endpointId: row.endpointId },
    stillPending,
    attempt,
  );
}

/** The delivery with its endpoint, its event and the event's message, if it is the account's. */
async function owedDelivery(ctx: WebhookDeliveryCtx, ours: SQL | undefined) {
  const [row] = await ctx.db
    .select({
      status: webhookDeliveries.status,
      endpointId: webhookEndpoints.id,
      url: webhookEndpoints.url,
      enabled: webhookEndpoints.enabled,
      secretVersion: webhookEndpoints.secretVersion,
      eventId: messageEvents.id,
      type: messageEvents.type,
      recipient: messageEvents.recipient,
      detail: messageEvents.detail,
      occurredAt: messageEvents.occurredAt,
      messageId: messages.id,
      messageStatus: messages.status,
      to: messages.toAddress,
      subject: messages.subject,
      tags: messages.tags,
      metadata: messages.metadata,
    })
    .from(webhookDeliveries)
    .innerJoin(
      webhookEndpoints,
      and(
        eq(webhookEndpoints.id, webhookDeliveries.endpointId),
        eq(webhookEndpoints.accountId, webhookDeliveries.accountId),
      ),
    )
    .innerJoin(
      messageEvents,
      and(
        eq(messageEvents.id, webhookDeliveries.eventId),
        eq(messageEvents.accountId, webhookDeliveries.accountId),
      ),
    )
    .innerJoin(messages, eq(messages.id, messageEvents.messageId))
    .where(ours);
  return row;
}

type OwedDelivery = NonNullable<Awaited<ReturnType<typeof owedDelivery>>>;

/**
 * The outbound policy's verdict on the endpoint's URL, recorded: a refusal fails the delivery, a
 * host that cannot be looked up now is retried. `undefined` when the request may be made.
 */
async function refusedByPolicy(
  ctx: WebhookDeliveryCtx,
  url: string,
  stillPending: SQL | undefined,
): Promise<WebhookDeliveryOutcome | undefined> {
  // The policy again, now: the host may resolve elsewhere than when the endpoint was registered.
  let refused: string | null;
  try {
    refused = await urlConnectionRefusal(ctx.outbound, url);
  } catch (error) {
    if (!(error instanceof DnsUnavailable)) throw error;
    const reason = `the endpoint's host could not be looked up: ${error.message}`;
    await ctx.db.update(webhookDeliveries).set({ attempts: sqlPlusOne, error: reason }).where(stillPending);
    return { outcome: "retry", reason };
  }
  if (refused) {
    const reason = `refused by the outbound policy: ${refused}`.slice(0, 1000);
    await ctx.db
      .update(webhookDeliveries)
      .set({ status: "failed", attempts: sqlPlusOne, error: reason })
      .where(stillPending);
    return { outcome: "failed", reason };
  }
  return undefined;
}

/** What the endpoint is told of the event and its message. */
function payloadOf(row: OwedDelivery): WebhookPayload {
  return {
    type: `email.${row.type}`,
    createdAt: row.occurredAt.toISOString(),
    data: {
      messageId: row.messageId,
      status: row.messageStatus,
      to: row.to,
      subject: row.subject,
      tags: row.tags ?? [],
      metadata: row.metadata ?? {},
      ...(row.recipient ? { recipient: row.recipient } : {}),
      ...(row.detail ? { detail: row.detail } : {}),
    },
  };
}

/** A failed attempt: the status the endpoint answered, if any, and why it failed. */
interface FailedAttempt {
  status: number | null;
  error: string;
}

/** POSTs the signed body; a 2xx answer is recorded as delivered, anything else is described. */
async function post(
  ctx: WebhookDeliveryCtx,
  url: string,
  headers: WebhookHeaders,
  body: string,
  stillPending: SQL | undefined,
): Promise<WebhookDeliveryOutcome | FailedAttempt> {
  let status: number | null = null;
  let error: string;
  try {
    const response = await (ctx.fetch ?? fetch)(url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json", "user-agent": "Edgepost-Webhooks/1" },
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    status = response.status;
    await response.body?.cancel().catch(() => {});
    if (status >= 200 && status < 300) {
      await ctx.db
        .update(webhookDeliveries)
        .set({
          status: "delivered",
          attempts: sqlPlusOne,
          responseStatus: status,
          error: null,
          deliveredAt: ctx.now(),
        })
        .where(stillPending);
      return { outcome: "delivered", status };
    }
    error = `the endpoint answered ${status}${response.statusText ? ` ${response.statusText}` : ""}`;
  } catch (caught) {
    const name = caught instanceof Error ? caught.name : "";
    error =
      name === "TimeoutError" || name === "AbortError"
        ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`
        : `request failed: ${caught instanceof Error ? caught.message : String(caught)}`;
  }
  return { status, error: error.slice(0, 1000) };
}

/** Records a failed attempt: retried, unless the endpoint answered 410 Gone. */
async function recordFailedAttempt(
  ctx: WebhookDeliveryCtx,
  endpoint: { accountId: string; endpointId: string },
  stillPending: SQL | undefined,
  { status, error }: FailedAttempt,
): Promise<WebhookDeliveryOutcome> {
  if (status === 410) {
    // The receiver says it wants nothing more (Standard Webhooks): stop sending there.
    await ctx.db.batch([
      ctx.db
        .update(webhookDeliveries)
        .set({ status: "failed", attempts: sqlPlusOne, responseStatus: status, error })
        .where(stillPending),
      ctx.db
        .update(webhookEndpoints)
        .set({ enabled: false })
        .where(
          and(
            eq(webhookEndpoints.id, endpoint.endpointId),
            eq(webhookEndpoints.accountId, endpoint.accountId),
          ),
        ),
    ]);
    return { outcome: "failed", reason: `${error}; the endpoint is disabled` };
  }
  await ctx.db
    .update(webhookDeliveries)
    .set({ attempts: sqlPlusOne, responseStatus: status, error })
    .where(stillPending);
  return { outcome: "retry", reason: error };
}

/**
 * Gives up on a delivery whose queue message exhausted its retries (the dead-letter consumer):
 * it is recorded as failed, visibly, unless it was delivered after all.
 */
export async function failWebhookDelivery({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { accountId: string; deliveryId: string; reason: string };
}) {
  await ctx.db
    .update(webhookDeliveries)
    .set({ status: "failed", error: input.reason.slice(0, 1000) })
    .where(
      and(
        eq(webhookDeliveries.id, input.deliveryId),
        eq(webhookDeliveries.accountId, input.accountId),
        eq(webhookDeliveries.status, "pending"),
      ),
    );
}
