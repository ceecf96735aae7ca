import { accounts, apiKeys } from "@edgepost/db";
import { and, eq, gt, isNull, or } from "drizzle-orm";
import type { Ctx, Principal } from "../context";
import { DomainError } from "../errors";
import { hashKey, looksLikeKey } from "./key-material";

/** `last_used_at` is kept to the minute: no write on every request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * Resolves a presented API key to its account, or fails with `unauthorized`: unknown, revoked and
 * expired keys, and keys of closed or deactivated accounts, are refused the moment that happens.
 */
export async function verifyApiKey({ ctx, input }: { ctx: Ctx; input: { key: string } }): Promise<Principal> {
  if (!looksLikeKey(input.key)) throw new DomainError("unauthorized", "The API key is malformed.");
  const now = ctx.now();
  const [row] = await ctx.db
    .select({
      id: apiKeys.id,
      accountId: apiKeys.accountId,
      scopes: apiKeys.scopes,
      lastUsedAt: apiKeys.lastUsedAt,
      keyAccess: apiKeys.access,
      accountAccess: accounts.apiAccess,
      plan: accounts.plan,
      accountStatus: accounts.status,
    })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .where(
      and(
        eq(apiKeys.hash, await hashKey(input.key)),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, now)),
      ),
    )
    .limit(1);
  if (!row) throw new DomainError("unauthorized", "The API key is unknown, revoked or expired.");
  if (row.accountStatus !== "active" && row.accountStatus !== "suspended") {
    throw new DomainError("unauthorized", `The account is ${row.accountStatus}.`);
  }
  if (row.keyAccess === "blocked" || row.accountAccess === "blocked") {
    throw new DomainError("forbidden", "The operator has blocked API access for this key or account.");
  }
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS) {
    ctx.waitUntil(ctx.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, row.id)));
  }
  const restricted = row.keyAccess === "restricted" || row.accountAccess === "restricted";
  return {
    accountId: row.accountId,
    accountStatus: row.accountStatus,
    actor: row.id,
    scopes: row.scopes,
    rateLimit: restricted ? "restricted" : row.plan,
  };
}
