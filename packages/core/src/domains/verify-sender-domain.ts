import { senderDomains } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { DomainError } from "../errors";
import { runDnsChecks } from "./dns-checks";
import { type DnsResolver, DnsUnavailable } from "./dns-resolver";
import { senderDomainId } from "./domain-name";
import { findSenderDomain, type SenderDomain, senderDomainView } from "./sender-domain";

/** How long to wait before asking again when DNS could not be asked. */
const RETRY_AFTER_SECONDS = 30;

/**
 * Looks up the domain's four records and stores what each check found. The domain is verified
 * only when all four pass, and failed otherwise — also when it was verified before (records
 * removed later stop the sending). When DNS cannot be asked, nothing changes: 503
 * `unavailable` (detail "dns_unavailable: …") and the domain keeps its status.
 */
export async function verifySenderDomain({
  ctx,
  input,
}: {
  ctx: AccountCtx & { dns: DnsResolver };
  input: { id: string };
}): Promise<SenderDomain> {
  assertPermission(ctx, "domains:manage");
  assertCanWrite(ctx);
  const id = senderDomainId.parse(input.id);
  const row = await findSenderDomain(ctx, id);
  let checks: Awaited<ReturnType<typeof runDnsChecks>>;
  try {
    checks = await runDnsChecks(ctx.dns, row);
  } catch (error) {
    if (!(error instanceof DnsUnavailable)) throw error;
    throw new DomainError(
      "unavailable",
      `dns_unavailable: ${error.message} The domain's status is unchanged; try again later.`,
      RETRY_AFTER_SECONDS,
    );
  }
  const now = ctx.now();
  const verified = Object.values(checks).every((check) => check.ok);
  const status = verified ? ("verified" as const) : ("failed" as const);
  // When it became verified: kept while it stays verified, cleared when it fails.
  const verifiedAt = verified ? (row.status === "verified" && row.verifiedAt ? row.verifiedAt : now) : null;
  await ctx.db.batch([
    ctx.db
      .update(senderDomains)
      .set({ status, checks, lastCheckedAt: now, verifiedAt })
      .where(and(eq(senderDomains.accountId, ctx.principal.accountId), eq(senderDomains.id, id))),
    auditEntry(ctx, verified ? "sender_domain.verified" : "sender_domain.verification_failed", id),
  ]);
  return senderDomainView({ ...row, status, checks, lastCheckedAt: now, verifiedAt });
}
