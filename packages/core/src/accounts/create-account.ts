import { accounts, auditLog, newId, users } from "@edgepost/db";
import { z } from "zod";
import type { Ctx } from "../context";
import { billingFor } from "./country";
import { assertIndustryAccepted, industry } from "./industries";

/**
 * No control character (Unicode's `Cc`: U+0000–U+001F, U+007F–U+009F), spelled as ranges: a pattern
 * needing the `u` flag reaches the OpenAPI document with `/u` stuck to its end, matching nothing.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses.
const NO_CONTROL_CHARACTERS = /^[^\x00-\x1f\x7f-\x9f]*$/;

/** A line of text for names and addresses: no control characters (they would break emails and exports). */
export const line = (max: number) =>
  z.string().trim().min(1).max(max).regex(NO_CONTROL_CHARACTERS, "no control characters");

export const companyFields = {
  name: line(200),
  street: line(200),
  postcode: line(20),
  city: line(100),
  country: z.string().regex(/^[A-Z]{2}$/, "an ISO 3166-1 alpha-2 country code in capitals, e.g. CH"),
  industry,
};

export const createAccountInput = z.object({
  ...companyFields,
  professionalUse: z.literal(true, "confirm professional use, 18 or older"),
  ownerEmail: z.email().max(254),
  ownerName: line(200).optional(),
  /** Already hashed; sign-up hashes the password. */
  ownerPasswordHash: z.string().optional(),
});

/**
 * Opens an account with its owner in one batch: nothing is written if any part fails. Sign-up builds
 * on this (password, verification email); refused industries never get an account.
 */
export async function createAccount({ ctx, input }: { ctx: Ctx; input: z.input<typeof createAccountInput> }) {
  const { accountId, ownerId, statements } = openAccount(ctx, createAccountInput.parse(input));
  await ctx.db.batch(statements);
  return { accountId, ownerId };
}

/** The statements that open an account, for callers that write more in the same batch. */
export function openAccount(ctx: Ctx, data: z.output<typeof createAccountInput>) {
  assertIndustryAccepted(data.industry);
  const now = ctx.now();
  const accountId = newId("acc");
  const ownerId = newId("usr");
  const statements = [
    ctx.db.insert(accounts).values({
      id: accountId,
      name: data.name,
      street: data.street,
      postcode: data.postcode,
      city: data.city,
      country: data.country,
      industry: data.industry,
      ...billingFor(data.country),
      professionalUseConfirmedAt: now,
      cycleAnchorAt: now,
      createdAt: now,
    }),
    ctx.db.insert(users).values({
      id: ownerId,
      accountId,
      email: data.ownerEmail,
      name: data.ownerName,
      role: "owner",
      passwordHash: data.ownerPasswordHash,
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
  ] as const;
  return { accountId, ownerId, statements };
}
