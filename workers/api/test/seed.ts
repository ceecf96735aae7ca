import { env } from "cloudflare:test";
import { createAccount, createApiKey } from "@edgepost/core";
import { createDb } from "@edgepost/db";

export const db = createDb({ url: env.LIBSQL_URL, authToken: env.LIBSQL_AUTH_TOKEN });

/** A fresh account with an API key, made through the same verbs sign-up uses. */
export async function newAccountWithKey() {
  const ctx = { db, now: () => new Date() };
  const { accountId } = await createAccount({
    ctx,
    input: { name: "Test Co", country: "DE", ownerEmail: `${crypto.randomUUID()}@example.com` },
  });
  const { key } = await createApiKey({ ctx, input: { accountId, name: "test" } });
  return { accountId, key, headers: { authorization: `Bearer ${key}` } };
}
