import { type ProviderConnections, providerConnections } from "@edgepost/messaging/connections";
import { connectionRefusal, type Outbound } from "./connection-refusal";
import { allowedByConfig, hostRefusal, type OutboundPolicy } from "./outbound-policy";

/** SMTP relays take mail on these ports only (25, and the submission ports). */
const SMTP_PORTS = new Set([25, 465, 587, 2525]);

/**
 * Why an account may not send through the provider a URL configures, judged without DNS: the
 * fault-injecting provider and endpoint overrides unless the operator allows them (tests), SMTP
 * on another port or without TLS, an HTTP API not over https, or a host {@link hostRefusal}
 * refuses. Hosts the operator's configuration allows are exempt from the port and TLS rules.
 */
export function providerRefusal(policy: OutboundPolicy, provider: ProviderConnections): string | null {
  if (provider.faultInjection && !policy.testProviders)
    return "the fault-injecting provider exists for tests only";
  if (provider.endpointOverride && !policy.testProviders) {
    return "an HTTP provider is reached at its own API host (endpoint overrides exist for tests only)";
  }
  for (const connection of provider.connections) {
    const { host, port } = connection;
    const exempt = allowedByConfig(policy, host, port);
    if (connection.protocol === "smtp" && !exempt) {
      if (!SMTP_PORTS.has(port)) return `SMTP is allowed on ports 25, 465, 587 and 2525 only, not ${port}`;
      if (!connection.tls) return "SMTP must be encrypted (smtps://, or STARTTLS: security=none is refused)";
    }
    if (connection.protocol === "http" && !exempt) return "the provider's API must be reached over https://";
    const refused = hostRefusal(policy, host, port);
    if (refused) return refused;
  }
  return null;
}

/**
 * {@link providerRefusal}, then the addresses each host resolves to now: run before a URL is
 * stored and before each queue batch sends through it. Throws an Error for a URL that configures
 * no provider, and the resolver's `DnsUnavailable` when DNS cannot answer.
 */
export async function providerConnectionRefusal(outbound: Outbound, url: string): Promise<string | null> {
  const provider = providerConnections(url);
  const refused = providerRefusal(outbound.policy, provider);
  if (refused) return refused;
  for (const { host, port } of provider.connections) {
    const resolved = await connectionRefusal(outbound, host, port);
    if (resolved) return resolved;
  }
  return null;
}
