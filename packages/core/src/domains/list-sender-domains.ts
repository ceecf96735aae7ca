import { senderDomains } from "@edgepost/db";
import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";

export const listSenderDomainsInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: z
    .string()
    .regex(/^dom_[0-9a-z]{26}$/, "a cursor from a previous page")
    .optional(),
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
    .where(
      and(
        eq(senderDomains.accountId, ctx.principal.accountId),
        cursor ? lt(senderDomains.id, cursor) : undefined,
      ),
    )
    .orderBy(desc(senderDomains.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
