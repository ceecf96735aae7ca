import { type Ctx, createAccount, issueApiKey, verifyApiKey } from "@edgepost/core";
import { users } from "@edgepost/db";
import { eq } from "drizzle-orm";

const DEMO_OWNER_EMAIL = "demo@edgepost.localhost";

/**
 * Makes sure the demo account exists and has a working API key. The key is only ever known in
 * clear from when it was made, so a key remembered from an earlier run is reused while it works.
 */
export async function seedDemo(
  ctx: Ctx,
  rememberedKey?: string,
): Promise<{ accountId: string; apiKey: string }> {
  if (rememberedKey) {
    const principal = await verifyApiKey({ ctx, input: { key: rememberedKey } }).catch(() => undefined);
    if (principal) return { accountId: principal.accountId, apiKey: rememberedKey };
  }
  const [owner] = await ctx.db
    .select({ accountId: users.accountId })
    .from(users)
    .where(eq(users.email, DEMO_OWNER_EMAIL))
    .limit(1);
  const accountId =
    owner?.accountId ??
    (
      await createAccount({
        ctx,
        input: {
          street: "Rue du Lac 1",
          postcode: "1003",
          city: "Lausanne",
          industry: "software",
          professionalUse: true,
          name: "Demo Company",
          country: "CH",
          ownerEmail: DEMO_OWNER_EMAIL,
          ownerName: "Demo Owner",
        },
      })
    ).accountId;
  const { key } = await issueApiKey(ctx, { accountId, name: "demo", environment: "test" });
  return { accountId, apiKey: key };
}
