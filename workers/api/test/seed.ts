import { env } from "cloudflare:test";
import { createAccount, createCtx, issueApiKey } from "@edgepost/core";

const ctx = createCtx(env);
export const { db } = ctx;

/** A fresh account with an API key, made through the same verbs sign-up uses. */
export async function newAccountWithKey() {
  const { accountId } = await createAccount({
    ctx,
    input: {
      street: "Rue du Lac 1",
      postcode: "1003",
      city: "Lausanne",
      industry: "software",
      professionalUse: true,
      name: "Test Co",
      country: "DE",
      ownerEmail: `${crypto.randomUUID()}@example.com`,
    },
  });
  const { key } = await issueApiKey(ctx, { accountId, name: "test" });
  return { accountId, key, headers: { authorization: `Bearer ${key}` } };
}
