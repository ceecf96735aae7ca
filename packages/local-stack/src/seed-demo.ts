import {
  type AccountCtx,
  type Ctx,
  createAccount,
  createSenderDomain,
  getSenderDomain,
  issueApiKey,
  staticResolver,
  verifyApiKey,
  verifySenderDomain,
} from "@edgepost/core";
import { senderDomains, users } from "@edgepost/db";
import { and, eq } from "drizzle-orm";

const DEMO_OWNER_EMAIL = "demo@edgepost.localhost";
/** The demo account's sender domain: its DNS records exist only in the local stack's resolver. */
export const DEMO_DOMAIN = "demo.edgepost.localhost";

export interface Demo {
  accountId: string;
  apiKey: string;
  /** The TXT records that verify the demo domain, for the API's static DNS resolver. */
  dnsRecords: Record<string, string[]>;
}

/**
 * Makes sure the demo account exists with a working API key and a verified sender domain. The key
 * is only ever known in clear from when it was made, so a key remembered from an earlier run is
 * reused while it works.
 */
export async function seedDemo(ctx: Ctx, signingSecret: string, rememberedKey?: string): Promise<Demo> {
  const remembered = rememberedKey
    ? await verifyApiKey({ ctx, input: { key: rememberedKey } }).catch(() => undefined)
    : undefined;
  const [owner] = await ctx.db
    .select({ id: users.id, accountId: users.accountId })
    .from(users)
    .where(eq(users.email, DEMO_OWNER_EMAIL))
    .limit(1);
  const { accountId, ownerId } = owner
    ? { accountId: owner.accountId, ownerId: owner.id }
    : await createAccount({
        ctx,
        input: {
          street: "Rue du Lac 1",
          postcode: "1003",
          city: "Lausanne",
          industry: "software",
          professionalUse: true,
          name: "Demo Company",
          country: "CH",
          ownerEmail: DEMO_OWNER_EMAIL,
          ownerName: "Demo Owner",
        },
      });
  const apiKey =
    remembered && rememberedKey
      ? rememberedKey
      : (await issueApiKey(ctx, { accountId, name: "demo", environment: "test" })).key;
  const dnsRecords = await demoDomain(
    { ...ctx, principal: { accountId, accountStatus: "active", actor: ownerId, role: "owner", scopes: [] } },
    signingSecret,
  );
  return { accountId, apiKey, dnsRecords };
}

/** The demo domain, created once, its records published (locally) and verified. */
async function demoDomain(ctx: AccountCtx, signingSecret: string): Promise<Record<string, string[]>> {
  const [existing] = await ctx.db
    .select({ id: senderDomains.id })
    .from(senderDomains)
    .where(and(eq(senderDomains.accountId, ctx.principal.accountId), eq(senderDomains.domain, DEMO_DOMAIN)));
  const domain = existing
    ? await getSenderDomain({ ctx, input: { id: existing.id } })
    : await createSenderDomain({ ctx: { ...ctx, signingSecret }, input: { domain: DEMO_DOMAIN } });
  const dnsRecords: Record<string, string[]> = {};
  for (const record of domain.records)
    dnsRecords[record.name] = [...(dnsRecords[record.name] ?? []), record.value];
  if (domain.status !== "verified") {
    await verifySenderDomain({ ctx: { ...ctx, dns: staticResolver(dnsRecords) }, input: { id: domain.id } });
  }
  return dnsRecords;
}
