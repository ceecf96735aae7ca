import { apiKeys } from "@edgepost/db";
import { desc, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";

/** The account's keys, newest first, without any secret: name, start, scopes, use and state. */
export async function listApiKeys({ ctx }: { ctx: AccountCtx }) {
  assertPermission(ctx, "api_keys:read");
  return ctx.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      start: apiKeys.start,
      environment: apiKeys.environment,
      scopes: apiKeys.scopes,
      access: apiKeys.access,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
      lastUsedAt: apiKeys.lastUsedAt,
      createdAt: apiKeys.createdAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.accountId, ctx.principal.accountId))
    .orderBy(desc(apiKeys.id))
    .limit(500);
}
