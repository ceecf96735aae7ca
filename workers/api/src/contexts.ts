import {
  type AccountCtx,
  type AccountTransferCtx,
  type AuthCtx,
  type CampaignCtx,
  type Ctx,
  createCtx,
  type DeliveryQueue,
  outboundFrom,
  type SenderDomainCtx,
  type WebhookCtx,
} from "@edgepost/core";
import type { Context } from "hono";
import type { AppEnv } from "./env";

/**
 * The verb context of this request, made once: the database client (and drizzle's caches) are
 * shared by the authentication middleware and the route. Never shared between requests.
 */
export function requestCtx(c: Context<AppEnv>): Ctx {
  let ctx = c.get("ctx");
  if (!ctx) {
    ctx = createCtx(c.env, c.executionCtx);
    c.set("ctx", ctx);
  }
  return ctx;
}

/** The verb context of an authenticated request: the caller's account and the request's lifetime. */
export function accountCtx(c: Context<AppEnv>): AccountCtx {
  return { ...requestCtx(c), principal: c.get("principal") };
}

/** The caller's account and the delivery queue: for the verbs that send or queue email. */
export function deliveryCtx(c: Context<AppEnv>): AccountCtx & { delivery: DeliveryQueue } {
  return { ...accountCtx(c), delivery: c.env.DELIVERY_QUEUE };
}

/** The verb context of the operator API: no account of its own, and the operator named in the audit log. */
export function operatorCtx(c: Context<AppEnv>): Ctx & { operator: string } {
  return { ...requestCtx(c), operator: "operator" };
}

/** The verb context of the sign-up, sign-in and link routes. Links in emails point at the configured public URL, never at a Host header. */
export function authCtx(c: Context<AppEnv>): AuthCtx {
  return {
    ...requestCtx(c),
    delivery: c.env.DELIVERY_QUEUE,
    signingSecret: c.env.SIGNING_SECRET,
    linkBase: c.env.PUBLIC_API_URL,
    ip: c.req.header("cf-connecting-ip"),
    userAgent: c.req.header("user-agent"),
  };
}

/** The verb context of the campaign verbs that start or wind up a fan-out: the caller's account and the queue. */
export function campaignCtx(c: Context<AppEnv>): CampaignCtx {
  return { ...accountCtx(c), transfers: c.env.TRANSFERS_QUEUE };
}

/** The verb context of the import and export routes: the caller's account, the bucket and the queue. */
export function transferCtx(c: Context<AppEnv>): AccountTransferCtx & { linkBase: string } {
  return {
    ...accountCtx(c),
    files: c.env.FILES,
    transfers: c.env.TRANSFERS_QUEUE,
    signingSecret: c.env.SIGNING_SECRET,
    linkBase: c.env.PUBLIC_API_URL,
  };
}

/** The caller's context for the sender-domain verbs: DNS as configured, and the sealing key. */
export function domainCtx(c: Context<AppEnv>): SenderDomainCtx {
  return { ...accountCtx(c), dns: c.env.DNS_RESOLVER, signingSecret: c.env.SIGNING_SECRET };
}

/** The verb context of the webhook endpoint routes: the key secrets derive from, and the outbound policy. */
export function webhookCtx(c: Context<AppEnv>): WebhookCtx {
  return { ...accountCtx(c), signingSecret: c.env.SIGNING_SECRET, outbound: outboundFrom(c.env) };
}
