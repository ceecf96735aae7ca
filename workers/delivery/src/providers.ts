import {
  accountProviderUrl,
  type Ctx,
  dkimKeyFor,
  type Outbound,
  providerConnectionRefusal,
} from "@edgepost/core";
import { type EmailProvider, emailProviderFromUrl, providerKind } from "@edgepost/messaging";

/** Stands in for an account's provider that the outbound policy refuses: every send fails for good. */
function refusedProvider(url: string, reason: string): EmailProvider {
  return {
    name: providerKind(url),
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
async function accountProvider(outbound: Outbound, url: string): Promise<EmailProvider> {
  const refused = await providerConnectionRefusal(outbound, url);
  return refused ? refusedProvider(url, refused) : emailProviderFromUrl(url);
}

/**
 * Which provider sends an account's emails, for one queue batch: the account's own if it set one
 * (checked against the outbound policy, its hosts resolved again), else the platform's; system
 * emails always go through the platform's, which the operator configures. Each is made once per
 * batch; a DNS that cannot answer rejects it, and the message is retried.
 */
export function providerSource(ctx: Ctx, platformUrl: string, signingSecret: string, outbound: Outbound) {
  const platform = emailProviderFromUrl(platformUrl);
  const byAccount = new Map<string, Promise<EmailProvider>>();
  return (accountId: string, category: "system" | "transactional"): Promise<EmailProvider> => {
    if (category === "system") return Promise.resolve(platform);
    let provider = byAccount.get(accountId);
    if (!provider) {
      provider = accountProviderUrl(ctx, accountId, signingSecret).then((url) =>
        url ? accountProvider(outbound, url) : platform,
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
