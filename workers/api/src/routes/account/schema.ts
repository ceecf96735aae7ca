import { ACCOUNT_STATUSES, CURRENCIES, PLANS, VAT_CATEGORIES } from "@edgepost/db";
import { z } from "@hono/zod-openapi";

export const accountSchema = z
  .object({
    id: z.string(),
    companyName: z.string(),
    street: z.string(),
    postcode: z.string(),
    city: z.string(),
    country: z.string(),
    industry: z.string(),
    currency: z.enum(CURRENCIES),
    vatCategory: z.enum(VAT_CATEGORIES),
    plan: z.enum(PLANS),
    status: z.enum(ACCOUNT_STATUSES),
    createdAt: z.iso.datetime(),
  })
  .openapi("Account");

export function toAccount({
  name,
  createdAt,
  ...rest
}: { name: string; createdAt: Date } & Omit<z.infer<typeof accountSchema>, "companyName" | "createdAt">) {
  return { ...rest, companyName: name, createdAt: createdAt.toISOString() };
}
