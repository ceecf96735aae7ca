import { type DeliveryMessage, deliveryMessage } from "@edgepost/contracts";
import {
  type CampaignDeliverCtx,
  type CampaignDelivery,
  type CampaignEventMessage,
  completePipelineCheck,
  type DeliveryOutcome,
  deliverCampaigns,
  deliverEmails,
  deliverWebhook,
  enqueue,
  log,
  type Outbound,
  recordCampaignEvents,
  recordDeliveryFailure,
} from "@edgepost/core";
import { InjectedCrash } from "@edgepost/messaging";

/**
 * Seconds to wait before the next attempt: base, 2 × base, 4 × base … (10 s, 20 s, 40 s by default)
 * capped at 10 minutes, with ±20 % jitter so that a burst of failures does not come back at once.
 */
export function retryDelay(attempts: number, base = 10, random: () => number = Math.random): number {
  const delay = Math.min(600, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(delay * (0.8 + 0.4 * random()));
}

export type DeliveryCtx = CampaignDeliverCtx & {
  outbound: Outbound;
  retryBaseSeconds: number;
};

type Verdict = "ack" | "retry";

/** A webhook, a pipeline check, or a body no version of the worker can read. */
type Other =
  | Exclude<DeliveryMessage, { kind: "email" | "campaign" | "campaign_event" }>
  | { kind: "undeliverable" };

/** At most this many webhooks and checks of a batch are handled at once (socket limits). */
const CONCURRENCY = 6;

/**
 * Handles one batch of the delivery queue: its emails together (one claim, provider calls, one
 * write: `deliverEmails`), its webhooks and pipeline checks each on its own. Ack on success, retry
 * with backoff on any failure (the database being unreachable, a provider timing out), and ack +
 * record a message that can never succeed, which would only clog the queue until its retries ran out.
 */
export async function deliver(
  ctx: DeliveryCtx,
  queue: string,
  batch: readonly Message<unknown>[],
): Promise<void> {
  const emails: [Message<unknown>, { accountId: string; messageId: string }][] = [];
  const campaigns: [Message<unknown>, CampaignDelivery][] = [];
  const events: [Message<unknown>, CampaignEventMessage][] = [];
  const others: [Message<unknown>, Other][] = [];
  for (const message of batch) {
    const parsed = deliveryMessage.safeParse(message.body);
    if (!parsed.success) others.push([message, { kind: "undeliverable" }]);
    else if (parsed.data.kind === "email") emails.push([message, parsed.data]);
    else if (parsed.data.kind === "campaign") campaigns.push([message, parsed.data]);
    else if (parsed.data.kind === "campaign_event") events.push([message, parsed.data]);
    else others.push([message, parsed.data]);
  }
  const worker = async () => {
    for (let next = others.shift(); next; next = others.shift()) {
      const [message, body] = next;
      settle(ctx, message, await guarded(message.id, () => handle(ctx, queue, message, body)));
    }
  };
  await Promise.all([
    deliverAll(ctx, emails),
    sendCampaigns(ctx, campaigns),
    recordEvents(ctx, events),
    ...Array.from({ length: Math.min(CONCURRENCY, others.length) }, worker),
  ]);
}

async function deliverAll(
  ctx: DeliveryCtx,
  emails: readonly [Message<unknown>, { accountId: string; messageId: string }][],
): Promise<void> {
  if (emails.length === 0) return;
  let outcomes: Map<string, DeliveryOutcome> | undefined;
  await guarded("emails", async () => {
    outcomes = await deliverEmails({ ctx, input: emails.map(([, body]) => body) });
    return "ack";
  });
  for (const [message, body] of emails) {
    const result = outcomes?.get(body.messageId);
    if (result?.outcome === "retry" || result?.outcome === "failed") {
      log(result.outcome === "retry" ? "info" : "error", "email not sent", {
        messageId: body.messageId,
        outcome: result.outcome,
        reason: result.reason,
      });
    }
    settle(ctx, message, !result || result.outcome === "retry" ? "retry" : "ack");
  }
}

/** Campaign recipients: each queue message acknowledged or retried by what became of its recipients. */
async function sendCampaigns(
  ctx: DeliveryCtx,
  messages: readonly [Message<unknown>, CampaignDelivery][],
): Promise<void> {
  if (messages.length === 0) return;
  let verdicts: Verdict[] = [];
  await guarded("campaign", async () => {
    verdicts = await deliverCampaigns({ ctx, input: messages.map(([, body]) => body) });
    return "ack";
  });
  for (const [i, [message]] of messages.entries()) settle(ctx, message, verdicts[i] ?? "retry");
}

/** Opens and clicks: the whole batch's in one write, acknowledged together or retried together. */
async function recordEvents(
  ctx: DeliveryCtx,
  messages: readonly [Message<unknown>, CampaignEventMessage][],
): Promise<void> {
  if (messages.length === 0) return;
  const verdict = await guarded("campaign events", async () => {
    await recordCampaignEvents({ ctx, input: messages.map(([, body]) => body) });
    return "ack";
  });
  for (const [message] of messages) settle(ctx, message, verdict);
}

async function handle(
  ctx: DeliveryCtx,
  queue: string,
  message: Message<unknown>,
  body: Other,
): Promise<Verdict> {
  switch (body.kind) {
    case "undeliverable":
      await recordDeliveryFailure({
        ctx,
        input: { queue, messageId: message.id, body: message.body, attempts: message.attempts },
      });
      return "ack";
    case "pipeline_check": {
      const { found } = await completePipelineCheck({ ctx, input: body });
      if (!found) log("warn", "pipeline check gone", body);
      return "ack";
    }
    case "webhook": {
      const result = await deliverWebhook({ ctx, input: body });
      return result.outcome === "retry" ? "retry" : "ack";
    }
  }
}

/** Any failure is a retry, except the fault-injecting provider's "the worker died here". */
async function guarded(what: string, work: () => Promise<Verdict>): Promise<Verdict> {
  try {
    return await work();
  } catch (error) {
    // Nothing more of this batch runs, and the queue redelivers every message not acknowledged
    // yet, as it would after a real crash.
    if (error instanceof InjectedCrash) throw error;
    log("error", "delivery queue work failed; retried", { what, error: String(error) });
    return "retry";
  }
}

function settle(ctx: DeliveryCtx, message: Message<unknown>, verdict: Verdict): void {
  if (verdict === "ack") message.ack();
  else message.retry({ delaySeconds: retryDelay(message.attempts, ctx.retryBaseSeconds) });
}

/**
 * Records a message that exhausted its retries on the delivery queue (an email among them is
 * marked failed, with its event and webhooks). If the record cannot be written it is retried with
 * the same backoff; the dead-letter queue keeps it up to 100 attempts.
 */
export async function recordDeadLetter(
  ctx: DeliveryCtx,
  queue: string,
  message: Message<unknown>,
): Promise<void> {
  try {
    const webhooks = await recordDeliveryFailure({
      ctx,
      input: { queue, messageId: message.id, body: message.body, attempts: message.attempts },
    });
    await enqueue(ctx.delivery, webhooks);
    message.ack();
  } catch (error) {
    log("error", "dead letter not recorded", { body: message.body, error: String(error) });
    message.retry({ delaySeconds: retryDelay(message.attempts, ctx.retryBaseSeconds) });
  }
}
