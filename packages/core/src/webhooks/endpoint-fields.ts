import { MESSAGE_EVENT_TYPES, webhookEndpoints } from "@edgepost/db";
import { z } from "zod";
import type { AccountCtx } from "../context";

/** What the endpoint verbs that show a secret need: the platform key the secrets derive from. */
export interface WebhookCtx extends AccountCtx {
  /** The platform's signing key (≥ 32 characters), the same in every worker that signs webhooks. */
  signingSecret: string;
}

/** An account keeps at most this many endpoints: each event is POSTed to each of them. */
export const MAX_WEBHOOK_ENDPOINTS = 20;

export const webhookEndpointId = z.string().regex(/^whk_[0-9a-z]{26}$/, "a webhook endpoint id (whk_…)");

const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** HTTPS, or plain HTTP to this machine for local development; no credentials in the URL. */
export const webhookUrl = z
  .string()
  .trim()
  .max(2048)
  .superRefine((value, issue) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      issue.addIssue({ code: "custom", message: "an absolute https:// URL" });
      return;
    }
    const local = url.protocol === "http:" && LOCAL_HOSTS.has(url.hostname);
    if (url.protocol !== "https:" && !local) {
      issue.addIssue({
        code: "custom",
        message: "must be https:// (http:// only to localhost or 127.0.0.1)",
      });
    }
    if (url.username || url.password) {
      issue.addIssue({ code: "custom", message: "must not carry a user name or password" });
    }
  });

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
