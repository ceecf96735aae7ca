import { apiKeys, auditLog, newId } from "@edgepost/db";
import { z } from "zod";
import { assertPermission, PERMISSIONS, type Permission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import type { AccountCtx, Ctx } from "../context";
import { DomainError } from "../errors";
import { generateKey, hashKey } from "./key-material";

/** `*`, or any permission of the permission table but closing the account. */
export const scope = z.enum(["*", ...Object.keys(PERMISSIONS).filter((p) => p !== "account:close")]);

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1).max(100),
  environment: z.enum(["live", "test"]).default("live"),
  scopes: z.array(scope).min(1).max(20).default(["*"]),
  expiresAt: z.coerce.date().optional(),
});

/** Creates an API key for the caller's account. The returned `key` is the only time it is ever visible. */
export async function createApiKey({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof createApiKeyInput>;
}) {
  assertPermission(ctx, "api_keys:manage");
  assertCanWrite(ctx);
  const data = createApiKeyInput.parse(input);
  assertCanGrant(ctx, data.scopes);
  if (data.expiresAt && data.expiresAt <= ctx.now()) {
    throw new DomainError("invalid_input", "expiresAt must be in the future.");
  }
  const key = await issueApiKey(ctx, {
    ...data,
    accountId: ctx.principal.accountId,
    createdBy: ctx.principal.actor,
  });
  await ctx.db.insert(auditLog).values({
    id: newId("aud"),
    accountId: ctx.principal.accountId,
    actor: ctx.principal.actor,
    action: "api_key.created",
    target: key.id,
    createdAt: ctx.now(),
  });
  return key;
}

/** Nobody hands out more than they hold: a key's scopes, or a user's role, bound the new key's scopes. */
function assertCanGrant(ctx: AccountCtx, scopes: string[]): void {
  for (const wanted of scopes) {
    const permissions =
      wanted === "*" ? Object.keys(PERMISSIONS).filter((p) => p !== "account:close") : [wanted];
    for (const permission of permissions) assertPermission(ctx, permission as Permission);
  }
}

/** Stores a new key's hash and returns the key; for the verb above and for seeding accounts. */
export async function issueApiKey(
  ctx: Ctx,
  input: {
    accountId: string;
    name: string;
    environment?: "live" | "test";
    scopes?: string[];
    expiresAt?: Date | undefined;
    createdBy?: string;
  },
) {
  const key = generateKey(input.environment ?? "live");
  const id = newId("key");
  const createdAt = ctx.now();
  await ctx.db.insert(apiKeys).values({
    id,
    accountId: input.accountId,
    name: input.name,
    start: key.slice(0, 12),
    hash: await hashKey(key),
    environment: input.environment ?? "live",
    scopes: input.scopes ?? ["*"],
    createdBy: input.createdBy,
    expiresAt: input.expiresAt,
    createdAt,
  });
  return { id, key, start: key.slice(0, 12), createdAt };
}
