import type { EmailProvider } from "@edgepost/messaging/port";
import type { Ctx } from "../context";
import { dkimKeyFor } from "../domains/dkim-key-for";
import type { Outbound } from "../outbound/connection-refusal";
import { providerConnectionRefusal } from "../outbound/provider-refusal";
import { accountProviderUrl } from "../providers/account-provider-url";

/**
 * What a queue batch sends with, from the worker's wiring: the platform's provider URL, the key
 * that opens accounts' sealed ones, the outbound policy, and the adapters' factory (given, not
 * imported: the adapters need workerd's sockets, which core's Node tests and tools do not have).
 */
export interface ProviderSourceConfig {
  platformUrl: string;
  signingSecret: string;
  outbound: Outbound;
  providerFromUrl(url: string): EmailProvider;
}

/** Stands in for an account's provider that the outbound policy refuses: every send fails for good. */
function refusedProvider(name: EmailProvider["name"], reason: string): EmailProvider {
  return {
    name,
    idempotent: false,
    send: async () => ({
      ok: false,
      retryable: false,
      code: "provider_refused",
      message: `the account's email provider is refused by the outbound policy: ${reason}`,
    }),
  };
}

/** An account's own provider, if the outbound policy lets the platform connect where it points now. */
async function accountProvider(config: ProviderSourceConfig, url: string): Promise<EmailProvider> {
  const refused = await providerConnectionRefusal(config.outbound, url);
  const provider = config.providerFromUrl(url);
  return refused ? refusedProvider(provider.name, refused) : provider;
}

/**
 * Which provider sends an account's emails, for one queue batch: the account's own if it set one
 * (checked against the outbound policy, its hosts resolved again), else the platform's; system
 * emails always go through the platform's, which the operator configures. Each is made once per
 * batch; a DNS that cannot answer rejects it, and the message is retried.
 */
export function providerSource(ctx: Ctx, config: ProviderSourceConfig) {
  const platform = config.providerFromUrl(config.platformUrl);
  const byAccount = new Map<string, Promise<EmailProvider>>();
  return (accountId: string, category: "system" | "transactional"): Promise<EmailProvider> => {
    if (category === "system") return Promise.resolve(platform);
    let provider = byAccount.get(accountId);
    if (!provider) {
      provider = accountProviderUrl(ctx, accountId, config.signingSecret).then((url) =>
        url ? accountProvider(config, url) : platform,
      );
      provider.catch(() => byAccount.delete(accountId));
      byAccount.set(accountId, provider);
    }
    return provider;
  };
}

/** The DKIM key of each account's sender domain, looked up and unsealed once per queue batch. */
export function dkimSource(ctx: Ctx, signingSecret: string) {
  const keys = new Map<string, ReturnType<typeof dkimKeyFor>>();
  return (accountId: string, domain: string) => {
    const key = `${accountId}:${domain.toLowerCase()}`;
    let found = keys.get(key);
    if (!found) {
      found = dkimKeyFor(ctx, accountId, domain, signingSecret);
      found.catch(() => keys.delete(key));
      keys.set(key, found);
    }
    return found;
  };
}
