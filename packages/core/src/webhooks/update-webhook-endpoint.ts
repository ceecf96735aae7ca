import { webhookEndpoints } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import {
  assertWebhookUrlAllowed,
  normaliseUrl,
  uniqueEvents,
  type WebhookCtx,
  webhookEvents,
  webhookUrl,
} from "./endpoint-fields";
import { findEndpoint } from "./get-webhook-endpoint";

export const updateWebhookEndpointInput = z.strictObject({
  url: webhookUrl.optional(),
  events: webhookEvents.optional(),
  /** `true` turns an endpoint back on, e.g. after it answered 410 Gone and was disabled. */
  enabled: z.boolean().optional(),
});

/** Changes where an endpoint is, what it receives, or whether it receives anything. */
export async function updateWebhookEndpoint({
  ctx,
  input,
}: {
  ctx: WebhookCtx;
  input: { id: string } & z.input<typeof updateWebhookEndpointInput>;
}) {
  assertPermission(ctx, "webhooks:manage");
  assertCanWrite(ctx);
  const { id, ...changes } = input;
  const data = updateWebhookEndpointInput.parse(changes);
  if (data.url !== undefined) await assertWebhookUrlAllowed(ctx, data.url);
  const current = await findEndpoint(ctx, id);
  const next = {
    url: data.url === undefined ? current.url : normaliseUrl(data.url),
    events: data.events === undefined ? current.events : uniqueEvents(data.events),
    enabled: data.enabled ?? current.enabled,
  };
  await ctx.db.batch([
    ctx.db
      .update(webhookEndpoints)
      .set(next)
      .where(
        and(eq(webhookEndpoints.accountId, ctx.principal.accountId), eq(webhookEndpoints.id, current.id)),
      ),
    auditEntry(ctx, "webhook.updated", current.id),
  ]);
  return { ...current, ...next };
}
