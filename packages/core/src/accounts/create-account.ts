import { accounts, auditLog, newId, users } from "@edgepost/db";
import { z } from "zod";
import type { Ctx } from "../context";

const CHF_COUNTRIES = new Set(["CH", "LI"]);
const EUR_COUNTRIES = new Set(
  "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IS IT LT LU LV MT NL NO PL PT RO SE SI SK".split(" "),
);

export const createAccountInput = z.object({
  name: z.string().trim().min(1).max(200),
  country: z
    .string()
    .length(2)
    .regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 code in capitals"),
  ownerEmail: z.email().max(254),
  ownerName: z.string().trim().min(1).max(200).optional(),
});

/** The currency an account is billed in follows its country (SPEC §A). */
export function currencyFor(country: string): "CHF" | "EUR" | "USD" {
  if (CHF_COUNTRIES.has(country)) return "CHF";
  if (EUR_COUNTRIES.has(country)) return "EUR";
  return "USD";
}

/** Creates an account with its owner in one batch. Sign-up (with verification) builds on this. */
export async function createAccount({ ctx, input }: { ctx: Ctx; input: z.input<typeof createAccountInput> }) {
  const data = createAccountInput.parse(input);
  const now = ctx.now();
  const accountId = newId("acc");
  const ownerId = newId("usr");
  await ctx.db.batch([
    ctx.db.insert(accounts).values({
      id: accountId,
      name: data.name,
      country: data.country,
      currency: currencyFor(data.country),
      createdAt: now,
    }),
    ctx.db.insert(users).values({
      id: ownerId,
      accountId,
      email: data.ownerEmail,
      name: data.ownerName,
      role: "owner",
      createdAt: now,
    }),
    ctx.db.insert(auditLog).values({
      id: newId("aud"),
      accountId,
      actor: ownerId,
      action: "account.created",
      target: accountId,
      createdAt: now,
    }),
  ]);
  return { accountId, ownerId };
}
