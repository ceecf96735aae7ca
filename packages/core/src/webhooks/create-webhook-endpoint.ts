import { newId, webhookEndpoints } from "@edgepost/db";
import { count, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import { DomainError } from "../errors";
import {
  assertWebhookUrlAllowed,
  MAX_WEBHOOK_ENDPOINTS,
  normaliseUrl,
  uniqueEvents,
  type WebhookCtx,
  webhookEvents,
  webhookUrl,
} from "./endpoint-fields";
import { webhookSecret } from "./signature";

export const createWebhookEndpointInput = z.strictObject({
  url: webhookUrl,
  events: webhookEvents,
});

/**
 * Adds an endpoint that receives the account's message events, signed. The signing secret is in
 * this answer and in the one of a rotation, nowhere else: it is derived, not stored.
 */
export async function createWebhookEndpoint({
  ctx,
  input,
}: {
  ctx: WebhookCtx;
  input: z.input<typeof createWebhookEndpointInput>;
}) {
  assertPermission(ctx, "webhooks:manage");
  assertCanWrite(ctx);
  const data = createWebhookEndpointInput.parse(input);
  await assertWebhookUrlAllowed(ctx, data.url);
  const { accountId } = ctx.principal;
  const [existing] = await ctx.db
    .select({ n: count() })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.accountId, accountId));
  if ((existing?.n ?? 0) >= MAX_WEBHOOK_ENDPOINTS) {
    throw new DomainError("conflict", `An account has at most ${MAX_WEBHOOK_ENDPOINTS} webhook endpoints.`);
  }
  const endpoint = {
    id: newId("whk"),
    url: normaliseUrl(data.url),
    events: uniqueEvents(data.events),
    enabled: true,
    secretVersion: 1,
    createdAt: ctx.now(),
  };
  await ctx.db.batch([
    ctx.db.insert(webhookEndpoints).values({ ...endpoint, accountId }),
    auditEntry(ctx, "webhook.created", endpoint.id),
  ]);
  return { ...endpoint, secret: await webhookSecret(ctx.signingSecret, endpoint.id, endpoint.secretVersion) };
}
