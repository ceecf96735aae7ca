import { senderDomains } from "@edgepost/db";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { keysetPage, pageInput, pastCursor } from "../pagination/keyset";

export const listSenderDomainsInput = z.object({
  ...pageInput("dom", { max: 200, byDefault: 50 }),
});

/** The account's sender domains, newest first, a page at a time (read `GET …/{id}` for the records). */
export async function listSenderDomains({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof listSenderDomainsInput>;
}) {
  assertPermission(ctx, "domains:read");
  const { limit, cursor } = listSenderDomainsInput.parse(input);
  const rows = await ctx.db
    .select({
      id: senderDomains.id,
      domain: senderDomains.domain,
      status: senderDomains.status,
      lastCheckedAt: senderDomains.lastCheckedAt,
      verifiedAt: senderDomains.verifiedAt,
      createdAt: senderDomains.createdAt,
    })
    .from(senderDomains)
    .where(and(eq(senderDomains.accountId, ctx.principal.accountId), pastCursor(senderDomains.id, cursor)))
    .orderBy(desc(senderDomains.id))
    .limit(limit + 1);
  return keysetPage(rows, limit);
}
