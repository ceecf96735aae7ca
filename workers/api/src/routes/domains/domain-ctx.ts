import { type DnsResolver, dohResolver, type SenderDomainCtx, staticResolver } from "@edgepost/core";
import type { Context } from "hono";
import { accountCtx } from "../../account-ctx";
import type { AppEnv, DnsResolverConfig } from "../../env";

function resolverFor(config: DnsResolverConfig): DnsResolver {
  return config.kind === "static"
    ? staticResolver(config.records)
    : dohResolver({ endpoint: config.endpoint });
}

/** The caller's context for the sender-domain verbs: DNS as configured, and the sealing key. */
export function domainCtx(c: Context<AppEnv>): SenderDomainCtx {
  return { ...accountCtx(c), dns: resolverFor(c.env.DNS_RESOLVER), signingSecret: c.env.SIGNING_SECRET };
}
