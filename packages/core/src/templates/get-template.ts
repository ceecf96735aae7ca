import { emailTemplates } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";
import { templateColumns, templateId } from "./template-fields";

/** One template of the caller's account, with its subject and bodies. */
export async function getTemplate({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "templates:read");
  return findTemplate(ctx, input.id);
}

/** The template, or `not_found`: a template of another account is not found either. */
export async function findTemplate(ctx: AccountCtx, id: string) {
  const [template] = await ctx.db
    .select(templateColumns)
    .from(emailTemplates)
    .where(
      and(eq(emailTemplates.accountId, ctx.principal.accountId), eq(emailTemplates.id, templateId.parse(id))),
    );
  if (!template) throw new NotFound("Template");
  return template;
}
