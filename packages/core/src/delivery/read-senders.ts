import { accounts, emailProviders, senderDomains } from "@edgepost/db";
import type { EmailMessage } from "@edgepost/messaging/port";
import { and, eq, inArray } from "drizzle-orm";
import type { Ctx } from "../context";
import { DKIM_SEAL_PURPOSE } from "../domains/create-sender-domain";
import { asciiDomain } from "../domains/domain-name";
import { PROVIDER_SEAL } from "../providers/set-email-provider";
import { unseal } from "../secrets/sealed-box";

export interface Sender {
  status: (typeof accounts.$inferSelect)["status"];
  /** The account's own provider URL, with its credentials; undefined: the platform's. */
  providerUrl: string | undefined;
  /** The DKIM key of one of its verified sender domains, unsealed when first asked for. */
  dkim(domain: string): Promise<EmailMessage["dkim"]>;
}

/**
 * What the accounts of one queue batch send with, in one round trip: each account's status, its
 * own provider (unsealed) and its verified sender domains' DKIM keys (unsealed only when used).
 */
export async function readSenders(
  ctx: Ctx,
  accountIds: readonly string[],
  signingSecret: string,
): Promise<Map<string, Sender>> {
  const [statuses, providers, domains] = await ctx.db.batch([
    ctx.db
      .select({ id: accounts.id, status: accounts.status })
      .from(accounts)
      .where(inArray(accounts.id, [...accountIds])),
    ctx.db
      .select({ accountId: emailProviders.accountId, sealed: emailProviders.urlEncrypted })
      .from(emailProviders)
      .where(inArray(emailProviders.accountId, [...accountIds])),
    ctx.db
      .select({
        accountId: senderDomains.accountId,
        domain: senderDomains.domain,
        selector: senderDomains.dkimSelector,
        sealed: senderDomains.dkimPrivateKeySealed,
      })
      .from(senderDomains)
      .where(and(inArray(senderDomains.accountId, [...accountIds]), eq(senderDomains.status, "verified"))),
  ]);
  const urls = new Map(
    await Promise.all(
      providers.map(
        async ({ accountId, sealed }) =>
          [accountId, await unseal(signingSecret, PROVIDER_SEAL, sealed)] as const,
      ),
    ),
  );
  const senders = new Map<string, Sender>();
  for (const { id, status } of statuses) {
    const keys = new Map<string, Promise<EmailMessage["dkim"]>>();
    senders.set(id, {
      status,
      providerUrl: urls.get(id),
      dkim(domain) {
        const name = asciiDomain(domain.replace(/\.$/, ""));
        const row = domains.find((d) => d.accountId === id && d.domain === name);
        if (!name || !row) return Promise.resolve(undefined);
        let key = keys.get(name);
        if (!key) {
          key = unseal(signingSecret, DKIM_SEAL_PURPOSE, row.sealed).then((privateKeyPkcs8) => ({
            domain: row.domain,
            selector: row.selector,
            privateKeyPkcs8,
          }));
          keys.set(name, key);
        }
        return key;
      },
    });
  }
  return senders;
}
