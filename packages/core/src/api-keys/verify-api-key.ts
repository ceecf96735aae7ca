import { accounts, apiKeys, type Database } from "@edgepost/db";
import { and, eq, gt, isNull, or, sql } from "drizzle-orm";
import { accountView } from "../accounts/get-account";
import type { Ctx, Principal } from "../context";
import { DomainError } from "../errors";
import { hashKey, looksLikeKey } from "./key-material";

/** `last_used_at` is kept to the minute: no write on every request. */
const TOUCH_EVERY_MS = 60_000;

/**
 * The hashes of keys presented lately to this isolate: hashing is most of a key check's CPU. Only
 * the hash computation is remembered; every request still looks the key up, so a revoked key is
 * refused at once.
 */
const hashes = new Map<string, string>();
const MAX_HASHES = 1000;

async function hashOf(key: string): Promise<string> {
  let hash = hashes.get(key);
  if (hash === undefined) {
    hash = await hashKey(key);
    if (hashes.size >= MAX_HASHES) hashes.clear();
    hashes.set(key, hash);
  }
  return hash;
}

/** The key lookup, built and prepared once per database client (the SQL never changes). */
const lookups = new WeakMap<Database, ReturnType<typeof prepareLookup>>();

function prepareLookup(db: Database) {
  return db
    .select({
      id: apiKeys.id,
      accountId: apiKeys.accountId,
      scopes: apiKeys.scopes,
      lastUsedAt: apiKeys.lastUsedAt,
      keyAccess: apiKeys.access,
      accountAccess: accounts.apiAccess,
      plan: accounts.plan,
      accountStatus: accounts.status,
      account: accountView,
    })
    .from(apiKeys)
    .innerJoin(accounts, eq(accounts.id, apiKeys.accountId))
    .where(
      and(
        eq(apiKeys.hash, sql.placeholder("hash")),
        isNull(apiKeys.revokedAt),
        or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql.placeholder("now"))),
      ),
    )
    .limit(1)
    .prepare();
}

/**
 * Resolves a presented API key to its account, or fails with `unauthorized`: unknown, revoked and
 * expired keys, and keys of closed or deactivated accounts, are refused the moment that happens.
 */
export async function verifyApiKey({ ctx, input }: { ctx: Ctx; input: { key: string } }): Promise<Principal> {
  if (!looksLikeKey(input.key)) throw new DomainError("unauthorized", "The API key is malformed.");
  const now = ctx.now();
  let lookup = lookups.get(ctx.db);
  if (!lookup) {
    lookup = prepareLookup(ctx.db);
    lookups.set(ctx.db, lookup);
  }
  const [row] = await lookup.all({ hash: await hashOf(input.key), now: now.getTime() });
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
    account: row.account,
  };
}
