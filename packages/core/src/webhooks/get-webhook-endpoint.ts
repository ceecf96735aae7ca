import { webhookEndpoints } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";
import { endpointColumns, webhookEndpointId } from "./endpoint-fields";

/** One endpoint of the caller's account; its secret is shown only at creation and rotation. */
export async function getWebhookEndpoint({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "webhooks:read");
  return findEndpoint(ctx, input.id);
}

/** The endpoint, or `not_found`: another account's endpoint is not found either. */
export async function findEndpoint(ctx: AccountCtx, id: string) {
  const [endpoint] = await ctx.db
    .select(endpointColumns)
    .from(webhookEndpoints)
    .where(
      and(
        eq(webhookEndpoints.accountId, ctx.principal.accountId),
        eq(webhookEndpoints.id, webhookEndpointId.parse(id)),
      ),
    );
  if (!endpoint) throw new NotFound("Webhook endpoint");
  return endpoint;
}
