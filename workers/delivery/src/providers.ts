import { accountProviderUrl, type Ctx } from "@edgepost/core";
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
