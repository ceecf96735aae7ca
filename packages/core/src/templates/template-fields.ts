import { emailTemplates, idSchema } from "@edgepost/db";
import { z } from "zod";
import { uniqueViolationOn } from "../constraint-failure";
import { TEMPLATE_LIMITS } from "./engine";

export const templateId = idSchema("tpl");

export const templateName = z.string().trim().min(1).max(100);
export const templateSubject = z.string().min(1).max(TEMPLATE_LIMITS.subject);
export const templateBody = z.string().min(1).max(TEMPLATE_LIMITS.body);

/** Everything stored of a template, as `GET /v1/templates/{id}` shows it. */
export const templateColumns = {
  id: emailTemplates.id,
  name: emailTemplates.name,
  subject: emailTemplates.subject,
  html: emailTemplates.html,
  text: emailTemplates.text,
  createdAt: emailTemplates.createdAt,
  updatedAt: emailTemplates.updatedAt,
};

/** Whether a write failed because the account already has a template of that name. */
export function isNameTaken(error: unknown): boolean {
  return uniqueViolationOn(error, "email_templates") !== undefined;
}
