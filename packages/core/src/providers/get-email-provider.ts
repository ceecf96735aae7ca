import { emailProviders } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";

/** Which provider sends the account's emails: its own (the kind only, never the credentials) or the platform's. */
export async function getEmailProvider({ ctx }: { ctx: AccountCtx }) {
  assertPermission(ctx, "account:read");
  const [row] = await ctx.db
    .select({ kind: emailProviders.kind, updatedAt: emailProviders.updatedAt })
    .from(emailProviders)
    .where(eq(emailProviders.accountId, ctx.principal.accountId));
  return row
    ? { source: "account" as const, ...row }
    : { source: "platform" as const, kind: null, updatedAt: null };
}
