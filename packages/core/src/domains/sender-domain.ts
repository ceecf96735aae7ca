import { type DnsCheck, senderDomains } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";
import type { DnsResolver } from "./dns-resolver";
import { type DnsRecord, recordsToPublish } from "./records";

/** What the sender-domain verbs need besides the caller: DNS, and the key that seals DKIM keys. */
export type SenderDomainCtx = AccountCtx & { dns: DnsResolver; signingSecret: string };

/** A sender domain as the API shows it: never its private key. */
export interface SenderDomain {
  id: string;
  domain: string;
  status: "pending" | "verified" | "failed";
  dkimSelector: string;
  /** The records to publish for it to be verified. */
  records: DnsRecord[];
  /** What the last verification found, per record; null before the first. */
  checks: Record<string, DnsCheck> | null;
  lastCheckedAt: Date | null;
  verifiedAt: Date | null;
  createdAt: Date;
}

/** The columns a {@link SenderDomain} is made from. */
const senderDomainColumns = {
  id: senderDomains.id,
  domain: senderDomains.domain,
  status: senderDomains.status,
  verificationToken: senderDomains.verificationToken,
  dkimSelector: senderDomains.dkimSelector,
  dkimPublicKey: senderDomains.dkimPublicKey,
  checks: senderDomains.checks,
  lastCheckedAt: senderDomains.lastCheckedAt,
  verifiedAt: senderDomains.verifiedAt,
  createdAt: senderDomains.createdAt,
};

type Row = {
  id: string;
  domain: string;
  status: SenderDomain["status"];
  verificationToken: string;
  dkimSelector: string;
  dkimPublicKey: string;
  checks: Record<string, DnsCheck> | null;
  lastCheckedAt: Date | null;
  verifiedAt: Date | null;
  createdAt: Date;
};

export function senderDomainView(row: Row): SenderDomain {
  return {
    id: row.id,
    domain: row.domain,
    status: row.status,
    dkimSelector: row.dkimSelector,
    records: recordsToPublish(row),
    checks: row.checks,
    lastCheckedAt: row.lastCheckedAt,
    verifiedAt: row.verifiedAt,
    createdAt: row.createdAt,
  };
}

/** One sender domain of the caller's account; another account's id is simply not found. */
export async function findSenderDomain(ctx: AccountCtx, id: string): Promise<Row> {
  const [row] = await ctx.db
    .select(senderDomainColumns)
    .from(senderDomains)
    .where(and(eq(senderDomains.accountId, ctx.principal.accountId), eq(senderDomains.id, id)))
    .limit(1);
  if (!row) throw new NotFound("sender domain");
  return row;
}
