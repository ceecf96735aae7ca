import { newId, senderDomains } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import { uniqueViolationOn } from "../constraint-failure";
import type { AccountCtx } from "../context";
import { DomainError } from "../errors";
import { seal } from "../secrets/sealed-box";
import { generateDkimKeyPair } from "./dkim-key-pair";
import { domainName } from "./domain-name";
import { DKIM_SELECTOR } from "./records";
import { type SenderDomain, senderDomainView } from "./sender-domain";

export const createSenderDomainInput = z.object({ domain: domainName });

/** The purpose DKIM private keys are sealed under (`seal(signingSecret, "dkim", …)`). */
export const DKIM_SEAL_PURPOSE = "dkim";

const alreadyThere = (domain: string) =>
  new DomainError("conflict", `The account already has the sender domain ${domain}.`);

/** A random 128-bit token, lower-case hex (survives DNS consoles that change case). */
function verificationToken(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
}

/**
 * Adds a domain the account wants to send from, pending until its DNS records are verified: a
 * verification token and a DKIM key pair (RSA 2048; the private key sealed) are made for it.
 */
export async function createSenderDomain({
  ctx,
  input,
}: {
  ctx: AccountCtx & { signingSecret: string };
  input: z.input<typeof createSenderDomainInput>;
}): Promise<SenderDomain> {
  assertPermission(ctx, "domains:manage");
  assertCanWrite(ctx);
  const { domain } = createSenderDomainInput.parse(input);
  const { accountId } = ctx.principal;
  const [existing] = await ctx.db
    .select({ id: senderDomains.id })
    .from(senderDomains)
    .where(and(eq(senderDomains.accountId, accountId), eq(senderDomains.domain, domain)))
    .limit(1);
  if (existing) throw alreadyThere(domain);

  const key = await generateDkimKeyPair();
  const row = {
    id: newId("dom"),
    accountId,
    domain,
    status: "pending" as const,
    verificationToken: verificationToken(),
    dkimSelector: DKIM_SELECTOR,
    dkimPublicKey: key.publicKeySpki,
    dkimPrivateKeySealed: await seal(ctx.signingSecret, DKIM_SEAL_PURPOSE, key.privateKeyPkcs8),
    checks: null,
    lastCheckedAt: null,
    verifiedAt: null,
    createdAt: ctx.now(),
  };
  try {
    await ctx.db.batch([
      ctx.db.insert(senderDomains).values(row),
      auditEntry(ctx, "sender_domain.created", row.id),
    ]);
  } catch (error) {
    // Two requests adding the same domain at once: the unique index lets one through.
    if (uniqueViolationOn(error, "sender_domains")) throw alreadyThere(domain);
    throw error;
  }
  return senderDomainView(row);
}
