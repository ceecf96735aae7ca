import { webhookDeliveries, webhookEndpoints } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { findEndpoint } from "./get-webhook-endpoint";

/**
 * Deletes an endpoint and, in the same transaction, every delivery owed to it or made to it:
 * nothing more is POSTed there (a delivery already queued finds no row and ends), and no row is
 * left pointing at it.
 */
export async function deleteWebhookEndpoint({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "webhooks:manage");
  assertCanWrite(ctx);
  const { id } = await findEndpoint(ctx, input.id);
  const { accountId } = ctx.principal;
  await ctx.db.batch([
    ctx.db
      .delete(webhookDeliveries)
      .where(and(eq(webhookDeliveries.accountId, accountId), eq(webhookDeliveries.endpointId, id))),
    ctx.db
      .delete(webhookEndpoints)
      .where(and(eq(webhookEndpoints.accountId, accountId), eq(webhookEndpoints.id, id))),
    auditEntry(ctx, "webhook.deleted", id),
  ]);
  return { id };
}
