import { accounts } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";

/** The caller's own account, as the account sees it. */
export async function getAccount({ ctx }: { ctx: AccountCtx }) {
  assertPermission(ctx, "account:read");
  const [row] = await ctx.db
    .select({
      id: accounts.id,
      name: accounts.name,
      street: accounts.street,
      postcode: accounts.postcode,
      city: accounts.city,
      country: accounts.country,
      industry: accounts.industry,
      currency: accounts.currency,
      vatCategory: accounts.vatCategory,
      plan: accounts.plan,
      status: accounts.status,
      createdAt: accounts.createdAt,
    })
    .from(accounts)
    .where(eq(accounts.id, ctx.principal.accountId))
    .limit(1);
  if (!row) throw new NotFound("account");
  return row;
}
