import { apiKeys, auditLog, idSchema, newId } from "@edgepost/db";
import { and, eq, isNull } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";

export const apiKeyId = idSchema("key");

/** Revokes a key of the caller's account; it is refused from the next request on. Idempotent. */
export async function revokeApiKey({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "api_keys:manage");
  const id = apiKeyId.parse(input.id);
  const { accountId, actor } = ctx.principal;
  const now = ctx.now();
  const [key] = await ctx.db
    .select({ revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.accountId, accountId), eq(apiKeys.id, id)));
  if (!key) throw new NotFound("API key");
  if (key.revokedAt) return { id, revokedAt: key.revokedAt };
  await ctx.db.batch([
    ctx.db
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.accountId, accountId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt))),
    ctx.db.insert(auditLog).values({
      id: newId("aud"),
      accountId,
      actor,
      action: "api_key.revoked",
      target: id,
      createdAt: now,
    }),
  ]);
  return { id, revokedAt: now };
}
