import { z } from "@hono/zod-openapi";
import { problemResponse } from "../errors";

export const template = z
  .object({
    id: z.string().openapi({ example: "tpl_01jf3m8q2v7k9x4c6b8n0p2r4t" }),
    name: z.string().openapi({ example: "Order receipt" }),
    subject: z.string().openapi({ example: "Your order {{ order.number }}" }),
    html: z.string().nullable().openapi({ description: "Liquid; every `{{ value }}` is HTML-escaped" }),
    text: z.string().nullable().openapi({ description: "Liquid; values are printed as they are" }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("Template");

export const templateSummary = z
  .object({
    id: z.string(),
    name: z.string(),
    subject: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("TemplateSummary");

export function templateJson<T extends { createdAt: Date; updatedAt: Date }>(t: T) {
  return { ...t, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString() };
}

export const notFound = { 404: problemResponse("No such template in this account") };
