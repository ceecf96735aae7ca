import { accounts } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";

/** The columns of an account as the account sees it; credential checks read them in the same statement. */
export const accountView = {
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
};

/**
 * The caller's own account, as the account sees it: as read with the caller's credentials in this
 * request when it was (no second round trip), otherwise read now.
 */
export async function getAccount({ ctx }: { ctx: AccountCtx }) {
  assertPermission(ctx, "account:read");
  return ctx.principal.account ?? readAccount(ctx);
}

/** The caller's account as it stands now (after a change, say). */
export async function readAccount(ctx: AccountCtx) {
  const [row] = await ctx.db
    .select(accountView)
    .from(accounts)
    .where(eq(accounts.id, ctx.principal.accountId))
    .limit(1);
  if (!row) throw new NotFound("account");
  return row;
}
