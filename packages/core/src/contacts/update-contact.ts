import { contacts } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { applyAttributes, attributesInput, checkAttributes } from "./attributes";
import { assertReachable, duplicateOr, findContact } from "./contact-record";
import { contactEmail } from "./create-contact";
import { defaultCountryInput, phoneInput, toE164 } from "./phone";

/** The fields to change; `null` removes the email or phone (one must remain) or an attribute. */
export const updateContactInput = z.strictObject({
  email: contactEmail.nullable().optional(),
  phone: phoneInput.nullable().optional(),
  defaultCountry: defaultCountryInput,
  /** Merged into the contact's attributes: keys not given are kept, `null` removes one. */
  attributes: attributesInput.optional(),
});

/** Changes a contact's email, phone or attributes, checked as at creation. */
export async function updateContact({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: { id: string } & z.input<typeof updateContactInput>;
}) {
  assertPermission(ctx, "contacts:write");
  assertCanWrite(ctx);
  const { id, ...changes } = input;
  const data = updateContactInput.parse(changes);
  const current = await findContact(ctx, id);
  const email = data.email === undefined ? current.email : (data.email?.toLowerCase() ?? null);
  const phone =
    data.phone === undefined
      ? current.phone
      : data.phone === null
        ? null
        : toE164(data.phone, data.defaultCountry);
  assertReachable(email, phone);
  const attributes = data.attributes
    ? applyAttributes(current.attributes, await checkAttributes(ctx, data.attributes))
    : current.attributes;
  const updatedAt = ctx.now();
  try {
    await ctx.db.batch([
      ctx.db
        .update(contacts)
        .set({ email, phone, attributes, updatedAt })
        .where(and(eq(contacts.accountId, ctx.principal.accountId), eq(contacts.id, current.id))),
      auditEntry(ctx, "contact.updated", current.id),
    ]);
  } catch (error) {
    throw duplicateOr(error);
  }
  return { ...current, email, phone, attributes, updatedAt };
}
