import { senderDomains } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context";
import { unseal } from "../secrets/sealed-box";
import { DKIM_SEAL_PURPOSE } from "./create-sender-domain";
import { asciiDomain } from "./domain-name";

/**
 * The DKIM signing key of an account's verified sender domain, for the delivery worker: the
 * domain (d=), selector (s=) and the unsealed base64 PKCS#8 private key. Undefined when the
 * domain is not a verified sender domain of that account.
 */
export async function dkimKeyFor(
  ctx: Ctx,
  accountId: string,
  domain: string,
  signingSecret: string,
): Promise<{ domain: string; selector: string; privateKeyPkcs8: string } | undefined> {
  const name = asciiDomain(domain.replace(/\.$/, ""));
  if (!name) return undefined;
  const [row] = await ctx.db
    .select({
      domain: senderDomains.domain,
      selector: senderDomains.dkimSelector,
      sealed: senderDomains.dkimPrivateKeySealed,
    })
    .from(senderDomains)
    .where(
      and(
        eq(senderDomains.accountId, accountId),
        eq(senderDomains.domain, name),
        eq(senderDomains.status, "verified"),
      ),
    )
    .limit(1);
  if (!row) return undefined;
  return {
    domain: row.domain,
    selector: row.selector,
    privateKeyPkcs8: await unseal(signingSecret, DKIM_SEAL_PURPOSE, row.sealed),
  };
}
