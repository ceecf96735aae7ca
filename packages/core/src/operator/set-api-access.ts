import { accounts, apiKeys, auditLog, newId } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context";
import { NotFound } from "../errors";

export const apiAccessInput = z.object({
  access: z.enum(["standard", "restricted", "blocked"]),
  reason: z.string().trim().max(1000).optional(),
});

/**
 * The operator restricts (a much lower rate limit) or blocks the API use of one key or of a whole
 * account that overloads the service (SPEC §I); `standard` lifts it. Takes effect on the next request.
 */
export async function setApiAccess({
  ctx,
  input,
}: {
  ctx: Ctx & { operator: string };
  input: { target: { apiKeyId: string } | { accountId: string } } & z.input<typeof apiAccessInput>;
}) {
  const { access, reason } = apiAccessInput.parse(input);
  const now = ctx.now();
  const changed =
    "apiKeyId" in input.target
      ? await ctx.db
          .update(apiKeys)
          .set({ access })
          .where(eq(apiKeys.id, input.target.apiKeyId))
          .returning({ id: apiKeys.id, accountId: apiKeys.accountId })
      : await ctx.db
          .update(accounts)
          .set({ apiAccess: access, updatedAt: now })
          .where(eq(accounts.id, input.target.accountId))
          .returning({ id: accounts.id, accountId: accounts.id });
  const row = changed[0];
  if (!row) throw new NotFound("apiKeyId" in input.target ? "API key" : "account");
  await ctx.db.insert(auditLog).values({
    id: newId("aud"),
    accountId: row.accountId,
    actor: ctx.operator,
    action: `api_access.${access}`,
    target: reason ? `${row.id}: ${reason}` : row.id,
    createdAt: now,
  });
  return { id: row.id, access };
}
