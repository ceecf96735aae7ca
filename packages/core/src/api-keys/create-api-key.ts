import { apiKeys, newId } from "@edgepost/db";
import { z } from "zod";
import type { Ctx } from "../context";
import { generateKey, hashKey } from "./key-material";

export const createApiKeyInput = z.object({
  accountId: z.string().startsWith("acc_"),
  name: z.string().trim().min(1).max(100),
  environment: z.enum(["live", "test"]).default("live"),
  scopes: z.array(z.string().min(1)).default(["*"]),
  expiresAt: z.date().optional(),
});

/** Creates an API key. The returned `key` is the only time the secret is ever visible. */
export async function createApiKey({ ctx, input }: { ctx: Ctx; input: z.input<typeof createApiKeyInput> }) {
  const data = createApiKeyInput.parse(input);
  const key = generateKey(data.environment);
  const id = newId("key");
  await ctx.db.insert(apiKeys).values({
    id,
    accountId: data.accountId,
    name: data.name,
    start: key.slice(0, 12),
    hash: await hashKey(key),
    environment: data.environment,
    scopes: data.scopes,
    expiresAt: data.expiresAt,
    createdAt: ctx.now(),
  });
  return { id, key };
}
