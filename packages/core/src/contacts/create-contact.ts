import { contacts, newId } from "@edgepost/db";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { applyAttributes, attributesInput, checkAttributes } from "./attributes";
import { assertReachable, duplicateOr } from "./contact-record";
import { defaultCountryInput, phoneInput, toE164 } from "./phone";

export const contactEmail = z.email().max(254);

export const createContactInput = z.strictObject({
  /** Stored lower-cased; unique in the account. */
  email: contactEmail.optional(),
  /** Any common format; stored in E.164. Unique in the account. */
  phone: phoneInput.optional(),
  /** For a phone number without `+` and country code. */
  defaultCountry: defaultCountryInput,
  attributes: attributesInput.optional(),
});

/** Adds a contact with an email and/or a phone, and values for the account's fields. */
export async function createContact({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof createContactInput>;
}) {
  assertPermission(ctx, "contacts:write");
  assertCanWrite(ctx);
  const data = createContactInput.parse(input);
  const email = data.email?.toLowerCase() ?? null;
  const phone = data.phone === undefined ? null : toE164(data.phone, data.defaultCountry);
  assertReachable(email, phone);
  const attributes = applyAttributes({}, await checkAttributes(ctx, data.attributes ?? {}));
  const now = ctx.now();
  const contact = { id: newId("con"), email, phone, attributes, createdAt: now, updatedAt: now };
  try {
    await ctx.db.batch([
      ctx.db.insert(contacts).values({ ...contact, accountId: ctx.principal.accountId }),
      auditEntry(ctx, "contact.created", contact.id),
    ]);
  } catch (error) {
    throw duplicateOr(error);
  }
  return contact;
}
