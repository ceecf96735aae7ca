import { CAMPAIGN_STATUSES, campaigns } from "@edgepost/db";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { keysetPage, pageInput, pastCursor } from "../pagination/keyset";

export const listCampaignsInput = z.object({
  ...pageInput("cmp", { max: 100, byDefault: 50 }),
  status: z.enum(CAMPAIGN_STATUSES).optional(),
});

/** The account's campaigns, newest first, a page at a time; optionally those in one state. */
export async function listCampaigns({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof listCampaignsInput>;
}) {
  assertPermission(ctx, "campaigns:read");
  const { limit, cursor, status } = listCampaignsInput.parse(input);
  const rows = await ctx.db
    .select({
      id: campaigns.id,
      channel: campaigns.channel,
      name: campaigns.name,
      status: campaigns.status,
      subject: campaigns.subject,
      scheduledAt: campaigns.scheduledAt,
      createdAt: campaigns.createdAt,
      updatedAt: campaigns.updatedAt,
    })
    .from(campaigns)
    .where(
      and(
        eq(campaigns.accountId, ctx.principal.accountId),
        status ? eq(campaigns.status, status) : undefined,
        pastCursor(campaigns.id, cursor),
      ),
    )
    .orderBy(desc(campaigns.id))
    .limit(limit + 1);
  return keysetPage(rows, limit);
}
