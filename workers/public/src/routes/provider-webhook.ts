import { autoPauseFrom, createCtx, recordProviderEvents } from "@edgepost/core";
import { problemResponse } from "@edgepost/http";
import {
  type VerifiedWebhook,
  WebhookRejected,
  type WebhookRequest,
} from "@edgepost/messaging/provider-events";
import type { Context } from "hono";
import type { Env } from "../env";

type PublicContext = Context<{ Bindings: Env; Variables: { requestId: string } }>;

/**
 * One provider webhook: verified before anything is read, then its events recorded. A rejected
 * one answers 401 and changes nothing; a failure to record answers 5xx so the provider retries.
 */
export async function handleProviderWebhook(
  c: PublicContext,
  verify: (request: WebhookRequest) => Promise<VerifiedWebhook>,
): Promise<Response> {
  const request = { headers: c.req.raw.headers, body: await c.req.text() };
  let verified: VerifiedWebhook;
  try {
    verified = await verify(request);
  } catch (error) {
    if (!(error instanceof WebhookRejected)) throw error;
    return problemResponse({
      title: "Not authenticated",
      status: 401,
      code: "webhook_rejected",
      detail: error.reason,
      requestId: c.get("requestId"),
    });
  }
  if (verified.kind === "subscription") {
    // SNS waits for this GET before it sends anything; the URL was checked to be SNS's own.
    const confirmed = await fetch(verified.subscribeUrl);
    return c.json({ confirmed: confirmed.ok }, confirmed.ok ? 200 : 502);
  }
  const ctx = {
    ...createCtx(c.env, c.executionCtx),
    delivery: c.env.DELIVERY_QUEUE,
    autoPause: autoPauseFrom(c.env),
  };
  return c.json(await recordProviderEvents({ ctx, input: verified.events }), 200);
}
