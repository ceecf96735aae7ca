import { env } from "cloudflare:test";
import { createAccount, createApiKey, createCtx } from "@edgepost/core";

const ctx = createCtx(env);
export const { db } = ctx;

/** A fresh account with an API key, made through the same verbs sign-up uses. */
export async function newAccountWithKey() {
  const { accountId } = await createAccount({
    ctx,
    input: { name: "Test Co", country: "DE", ownerEmail: `${crypto.randomUUID()}@example.com` },
  });
  const { key } = await createApiKey({ ctx, input: { accountId, name: "test" } });
  return { accountId, key, headers: { authorization: `Bearer ${key}` } };
}
