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
    currency: z.enum(["CHF", "EUR", "USD"]),
    vatCategory: z.enum(["ch", "eu", "export"]),
    plan: z.enum(["free", "subscription"]),
    status: z.enum(["active", "suspended", "closed", "deactivated"]),
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
