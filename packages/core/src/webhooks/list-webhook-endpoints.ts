import { webhookEndpoints } from "@edgepost/db";
import { and, desc, eq, lt } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { endpointColumns, webhookEndpointId } from "./endpoint-fields";

export const listWebhookEndpointsInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** The `nextCursor` of the previous page. */
  cursor: webhookEndpointId.optional(),
});

/** The account's endpoints, newest first, a page at a time, without secrets. */
export async function listWebhookEndpoints({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof listWebhookEndpointsInput>;
}) {
  assertPermission(ctx, "webhooks:read");
  const { limit, cursor } = listWebhookEndpointsInput.parse(input);
  const rows = await ctx.db
    .select(endpointColumns)
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.accountId, ctx.principal.accountId),
        cursor ? lt(webhookEndpoints.id, cursor) : undefined,
      ),
    )
    .orderBy(desc(webhookEndpoints.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
