import { senderDomains } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import type { Ctx } from "../context";
import { InvalidFields } from "../errors";
import { asciiDomain } from "./domain-name";

/** The domain of an address (`Name <a@b>` or `a@b`), lower-cased, in its ASCII form. */
function domainOf(address: string): string | undefined {
  const bare = /<([^<>]*)>\s*$/.exec(address)?.[1] ?? address;
  const at = bare.lastIndexOf("@");
  if (at <= 0) return undefined;
  return asciiDomain(bare.slice(at + 1).replace(/\.$/, ""));
}

/**
 * Refuses a `from` address unless its domain is, exactly, a verified sender domain of the account
 * (a verified `example.com` does not cover `news.example.com`): 400 `invalid_input` naming `field`.
 */
export async function assertVerifiedSender(
  ctx: Ctx,
  accountId: string,
  fromAddress: string,
  field = "from",
): Promise<void> {
  const domain = domainOf(fromAddress);
  if (domain) {
    const [row] = await ctx.db
      .select({ status: senderDomains.status })
      .from(senderDomains)
      .where(and(eq(senderDomains.accountId, accountId), eq(senderDomains.domain, domain)))
      .limit(1);
    if (row?.status === "verified") return;
    throw new InvalidFields([
      {
        path: field,
        message: row
          ? `${domain} is a sender domain of this account but is ${row.status}, not verified: publish its DNS records and verify it.`
          : `${domain} is not a sender domain of this account: add it (POST /v1/domains) and verify it.`,
      },
    ]);
  }
  throw new InvalidFields([{ path: field, message: "must be an email address on a verified sender domain" }]);
}
