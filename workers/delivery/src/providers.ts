import { accountProviderUrl, type Ctx, dkimKeyFor } from "@edgepost/core";
import { type EmailProvider, emailProviderFromUrl } from "@edgepost/messaging";

/**
 * Which provider sends an account's emails, for one queue batch: the account's own if it set one,
 * else the platform's; system emails always go through the platform's. Each is made once per batch.
 */
export function providerSource(ctx: Ctx, platformUrl: string, signingSecret: string) {
  const platform = emailProviderFromUrl(platformUrl);
  const byAccount = new Map<string, Promise<EmailProvider>>();
  return (accountId: string, category: "system" | "transactional"): Promise<EmailProvider> => {
    if (category === "system") return Promise.resolve(platform);
    let provider = byAccount.get(accountId);
    if (!provider) {
      provider = accountProviderUrl(ctx, accountId, signingSecret).then((url) =>
        url ? emailProviderFromUrl(url) : platform,
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
