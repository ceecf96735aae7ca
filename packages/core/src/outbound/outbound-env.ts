import { z } from "zod";
import { dnsResolverConfig } from "../domains/dns-config";
import type { Outbound } from "./connection-refusal";
import { parseAllowList } from "./outbound-policy";

/**
 * The bindings of the outbound policy, in every worker that connects where a customer chose:
 * - `DNS_RESOLVER`: where names are resolved (see {@link dnsResolverConfig});
 * - `OUTBOUND_ALLOW`: `host:port` exceptions to the public-addresses-over-TLS rule, for the local
 *   stack's and tests' own sinks (`127.0.0.1:4010, localhost:*`); unset in production;
 * - `OUTBOUND_TEST_PROVIDERS`: `on` lets accounts choose the fault-injecting provider and
 *   `?endpoint=` overrides (local stack and tests); `off` (default) in production.
 */
export const outboundEnv = z.object({
  DNS_RESOLVER: dnsResolverConfig,
  OUTBOUND_ALLOW: z
    .string()
    .default("")
    .transform((text, ctx) => {
      try {
        return parseAllowList(text);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
  OUTBOUND_TEST_PROVIDERS: z.enum(["on", "off"]).default("off"),
});

/** The policy and DNS a worker's bindings configure. */
export function outboundFrom(env: z.output<typeof outboundEnv>): Outbound {
  return {
    dns: env.DNS_RESOLVER,
    policy: { allow: env.OUTBOUND_ALLOW, testProviders: env.OUTBOUND_TEST_PROVIDERS === "on" },
  };
}
