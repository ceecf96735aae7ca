import { webhookEndpoints } from "@edgepost/db";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { keysetPage, pageInput, pastCursor } from "../pagination/keyset";
import { endpointColumns } from "./endpoint-fields";

export const listWebhookEndpointsInput = z.object({
  ...pageInput("whk", { max: 100, byDefault: 50, reportAs: "id" }),
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
      and(eq(webhookEndpoints.accountId, ctx.principal.accountId), pastCursor(webhookEndpoints.id, cursor)),
    )
    .orderBy(desc(webhookEndpoints.id))
    .limit(limit + 1);
  return keysetPage(rows, limit);
}
