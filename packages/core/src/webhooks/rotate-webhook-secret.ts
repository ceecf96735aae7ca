import { webhookEndpoints } from "@edgepost/db";
import { and, eq, sql } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import { NotFound } from "../errors";
import { endpointColumns, type WebhookCtx } from "./endpoint-fields";
import { findEndpoint } from "./get-webhook-endpoint";
import { webhookSecret } from "./signature";

/**
 * Replaces an endpoint's signing secret: webhooks are signed with the new one from now on, the
 * old one stops verifying at once. The new secret is in this answer only.
 */
export async function rotateWebhookSecret({ ctx, input }: { ctx: WebhookCtx; input: { id: string } }) {
  assertPermission(ctx, "webhooks:manage");
  assertCanWrite(ctx);
  const { id } = await findEndpoint(ctx, input.id);
  const [[endpoint]] = await ctx.db.batch([
    ctx.db
      .update(webhookEndpoints)
      .set({ secretVersion: sql`${webhookEndpoints.secretVersion} + 1` })
      .where(and(eq(webhookEndpoints.accountId, ctx.principal.accountId), eq(webhookEndpoints.id, id)))
      .returning(endpointColumns),
    auditEntry(ctx, "webhook.secret_rotated", id),
  ]);
  if (!endpoint) throw new NotFound("Webhook endpoint");
  return { ...endpoint, secret: await webhookSecret(ctx.signingSecret, endpoint.id, endpoint.secretVersion) };
}
