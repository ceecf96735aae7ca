import type { SenderDomainCtx } from "@edgepost/core";
import type { Context } from "hono";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";

/** The caller's context for the sender-domain verbs: DNS as configured, and the sealing key. */
export function domainCtx(c: Context<AppEnv>): SenderDomainCtx {
  return { ...accountCtx(c), dns: c.env.DNS_RESOLVER, signingSecret: c.env.SIGNING_SECRET };
}
