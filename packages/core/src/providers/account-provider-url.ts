import { emailProviders } from "@edgepost/db";
import { eq } from "drizzle-orm";
import type { Ctx } from "../context";
import { unseal } from "../secrets/sealed-box";

/** The purpose provider URLs are sealed for (see {@link seal}). */
export const PROVIDER_SEAL = "email-provider";

/** The provider URL (with its credentials) an account configured, or undefined for the platform's. */
export async function accountProviderUrl(
  ctx: Ctx,
  accountId: string,
  signingSecret: string,
): Promise<string | undefined> {
  const [row] = await ctx.db
    .select({ sealed: emailProviders.urlEncrypted })
    .from(emailProviders)
    .where(eq(emailProviders.accountId, accountId));
  return row ? unseal(signingSecret, PROVIDER_SEAL, row.sealed) : undefined;
}
