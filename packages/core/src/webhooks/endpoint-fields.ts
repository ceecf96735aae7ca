import { idSchema, MESSAGE_EVENT_TYPES, webhookEndpoints } from "@edgepost/db";
import { z } from "zod";
import type { AccountCtx } from "../context";
import type { Outbound } from "../outbound/connection-refusal";
import { assertOutboundAllowed } from "../outbound/registration-check";
import { urlConnectionRefusal, urlRefusal } from "../outbound/url-refusal";

/** What the endpoint verbs need: the platform key the secrets derive from, and the outbound policy. */
export interface WebhookCtx extends AccountCtx {
  /** The platform's signing key (≥ 32 characters), the same in every worker that signs webhooks. */
  signingSecret: string;
  outbound: Outbound;
}

/** An account keeps at most this many endpoints: each event is POSTed to each of them. */
export const MAX_WEBHOOK_ENDPOINTS = 20;

export const webhookEndpointId = idSchema("whk");

/** An absolute URL of at most 2,048 characters; where it may point is the outbound policy's call. */
export const webhookUrl = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => {
    try {
      return Boolean(new URL(value));
    } catch {
      return false;
    }
  }, "an absolute https:// URL");

/** A URL the outbound policy lets the platform POST to, or a 400 naming `url` (ADR 0009). */
export function assertWebhookUrlAllowed(ctx: WebhookCtx, url: string): Promise<void> {
  return assertOutboundAllowed(
    "url",
    () => urlConnectionRefusal(ctx.outbound, url),
    () => urlRefusal(ctx.outbound.policy, url),
  );
}

/** The message events to receive, as `message_events` names them; POSTed as `email.<event>`. */
export const webhookEvents = z.array(z.enum(MESSAGE_EVENT_TYPES)).min(1).max(MESSAGE_EVENT_TYPES.length);

/** A URL as stored: normalised, without a fragment (never sent anyway). */
export function normaliseUrl(value: string): string {
  const url = new URL(value);
  url.hash = "";
  return url.href;
}

export const uniqueEvents = <T>(events: readonly T[]): T[] => [...new Set(events)];

/** An endpoint as the API shows it: never its secret. */
export const endpointColumns = {
  id: webhookEndpoints.id,
  url: webhookEndpoints.url,
  events: webhookEndpoints.events,
  enabled: webhookEndpoints.enabled,
  secretVersion: webhookEndpoints.secretVersion,
  createdAt: webhookEndpoints.createdAt,
};
