import { emailTemplates } from "@edgepost/db";
import { and, desc, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { keysetPage, pageInput, pastCursor } from "../pagination/keyset";

export const listTemplatesInput = z.object({
  ...pageInput("tpl", { max: 100, byDefault: 50, reportAs: "id" }),
});

/** The account's templates, newest first, a page at a time; bodies are left out (get one for them). */
export async function listTemplates({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof listTemplatesInput>;
}) {
  assertPermission(ctx, "templates:read");
  const { limit, cursor } = listTemplatesInput.parse(input);
  const rows = await ctx.db
    .select({
      id: emailTemplates.id,
      name: emailTemplates.name,
      subject: emailTemplates.subject,
      createdAt: emailTemplates.createdAt,
      updatedAt: emailTemplates.updatedAt,
    })
    .from(emailTemplates)
    .where(and(eq(emailTemplates.accountId, ctx.principal.accountId), pastCursor(emailTemplates.id, cursor)))
    .orderBy(desc(emailTemplates.id))
    .limit(limit + 1);
  return keysetPage(rows, limit);
}
