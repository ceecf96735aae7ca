import { emailTemplates } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { InvalidFields } from "../errors";
import { nameTaken } from "./create-template";
import { checkTemplate } from "./engine";
import { findTemplate } from "./get-template";
import { isNameTaken, templateBody, templateName, templateSubject } from "./template-fields";

/** The fields to change; `null` removes the HTML or text part (one of them must remain). */
export const updateTemplateInput = z.strictObject({
  name: templateName.optional(),
  subject: templateSubject.optional(),
  html: templateBody.nullable().optional(),
  text: templateBody.nullable().optional(),
});

/** Changes a template; changed parts are parsed as at creation. */
export async function updateTemplate({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: { id: string } & z.input<typeof updateTemplateInput>;
}) {
  assertPermission(ctx, "templates:manage");
  assertCanWrite(ctx);
  const { id, ...changes } = input;
  const data = updateTemplateInput.parse(changes);
  const current = await findTemplate(ctx, id);
  const next = {
    name: data.name ?? current.name,
    subject: data.subject ?? current.subject,
    html: data.html === undefined ? current.html : data.html,
    text: data.text === undefined ? current.text : data.text,
  };
  if (next.html === null && next.text === null) {
    throw new InvalidFields([{ path: "text", message: "html, text or both are required" }]);
  }
  checkTemplate({ subject: data.subject, html: data.html, text: data.text });
  const updatedAt = ctx.now();
  try {
    await ctx.db.batch([
      ctx.db
        .update(emailTemplates)
        .set({ ...next, updatedAt })
        .where(and(eq(emailTemplates.accountId, ctx.principal.accountId), eq(emailTemplates.id, current.id))),
      auditEntry(ctx, "template.updated", current.id),
    ]);
  } catch (error) {
    if (isNameTaken(error)) throw nameTaken(next.name);
    throw error;
  }
  return { ...current, ...next, updatedAt };
}
