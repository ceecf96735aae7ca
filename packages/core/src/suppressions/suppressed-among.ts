import { suppressions } from "@edgepost/db";
import { and, eq, inArray } from "drizzle-orm";
import type { Ctx } from "../context";

/** Which of these addresses (any case) the account has suppressed, lower-cased. */
export async function suppressedAmong(ctx: Ctx, accountId: string, emails: string[]): Promise<Set<string>> {
  const wanted = [...new Set(emails.map((email) => email.toLowerCase()))];
  if (wanted.length === 0) return new Set();
  const rows = await ctx.db
    .select({ email: suppressions.email })
    .from(suppressions)
    .where(and(eq(suppressions.accountId, accountId), inArray(suppressions.email, wanted)));
  return new Set(rows.map((row) => row.email));
}
