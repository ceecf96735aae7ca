import type { EmailProvider } from "@edgepost/messaging/port";
import type { Outbound } from "../outbound/connection-refusal";
import { providerConnectionRefusal } from "../outbound/provider-refusal";

/**
 * What a queue batch sends with, from the worker's wiring: the platform's provider URL, the
 * outbound policy, and the adapters' factory (given, not imported: the adapters need workerd's
 * sockets, which core's Node tests and tools do not have).
 */
export interface ProviderSourceConfig {
  platformUrl: string;
  outbound: Outbound;
  providerFromUrl(url: string): EmailProvider;
}

/** Stands in for an account's provider that the outbound policy refuses: every send fails for good. */
function refusedProvider(name: EmailProvider["name"], reason: string): EmailProvider {
  const refusal = {
    ok: false,
    retryable: false,
    code: "provider_refused",
    message: `the account's email provider is refused by the outbound policy: ${reason}`,
  } as const;
  return {
    name,
    idempotent: false,
    send: async () => refusal,
    sendBatch: async (messages) => messages.map(() => refusal),
  };
}

/**
 * The provider for a URL, for one queue batch: undefined is the platform's (system emails, and
 * accounts without their own), which the operator configures; an account's own is checked against
 * the outbound policy, its hosts resolved again. Each is made once per batch; a DNS that cannot
 * answer rejects, and the messages it would send are retried.
 */
export function providerSource(config: ProviderSourceConfig) {
  const platform = Promise.resolve(config.providerFromUrl(config.platformUrl));
  const byUrl = new Map<string, Promise<EmailProvider>>();
  return (url: string | undefined): Promise<EmailProvider> => {
    if (url === undefined) return platform;
    let provider = byUrl.get(url);
    if (!provider) {
      provider = providerConnectionRefusal(config.outbound, url).then((refused) => {
        const made = config.providerFromUrl(url);
        return refused ? refusedProvider(made.name, refused) : made;
      });
      provider.catch(() => byUrl.delete(url));
      byUrl.set(url, provider);
    }
    return provider;
  };
}
