import { emailTemplates } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { findTemplate } from "./get-template";

/**
 * Deletes a template. Messages already sent from it keep their rendered content (and its id);
 * sending with it from now on is refused as an unknown template.
 */
export async function deleteTemplate({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "templates:manage");
  assertCanWrite(ctx);
  const { id } = await findTemplate(ctx, input.id);
  await ctx.db.batch([
    ctx.db
      .delete(emailTemplates)
      .where(and(eq(emailTemplates.accountId, ctx.principal.accountId), eq(emailTemplates.id, id))),
    auditEntry(ctx, "template.deleted", id),
  ]);
  return { id };
}
