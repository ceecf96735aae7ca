import { emailTemplates, newId } from "@edgepost/db";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { DomainError } from "../errors";
import { checkTemplate } from "./engine";
import { isNameTaken, templateBody, templateName, templateSubject } from "./template-fields";

export const createTemplateInput = z
  .strictObject({
    /** Unique in the account: how people find it. */
    name: templateName,
    subject: templateSubject,
    html: templateBody.optional(),
    text: templateBody.optional(),
  })
  .refine((t) => t.html !== undefined || t.text !== undefined, {
    path: ["text"],
    message: "html, text or both are required",
  });

/**
 * Stores an email template (Liquid syntax). Every part is parsed now, so a syntax error or an
 * unknown filter is refused here, naming the part, rather than when sending.
 */
export async function createTemplate({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof createTemplateInput>;
}) {
  assertPermission(ctx, "templates:manage");
  assertCanWrite(ctx);
  const data = createTemplateInput.parse(input);
  checkTemplate(data);
  const now = ctx.now();
  const template = {
    id: newId("tpl"),
    name: data.name,
    subject: data.subject,
    html: data.html ?? null,
    text: data.text ?? null,
    createdAt: now,
    updatedAt: now,
  };
  try {
    await ctx.db.batch([
      ctx.db.insert(emailTemplates).values({ ...template, accountId: ctx.principal.accountId }),
      auditEntry(ctx, "template.created", template.id),
    ]);
  } catch (error) {
    if (isNameTaken(error)) throw nameTaken(data.name);
    throw error;
  }
  return template;
}

export const nameTaken = (name: string) =>
  new DomainError("conflict", `The account already has a template named "${name}".`);
