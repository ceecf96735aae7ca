import { newId } from "@edgepost/db";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { DomainError } from "../errors";
import { contactFieldKey, contactFieldType, MAX_CONTACT_FIELDS } from "./contact-fields";
import { conflict, uniqueViolation } from "./shared";

export const createContactFieldInput = z.strictObject({
  /** How attributes, segments and templates name it: `first_name`. Unique in the account. */
  key: contactFieldKey,
  label: z.string().trim().min(1).max(100),
  type: contactFieldType,
});

/** Defines a custom contact field (at most 50 per account); its key can't be reused while it exists. */
export async function createContactField({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof createContactFieldInput>;
}) {
  assertPermission(ctx, "contacts:write");
  assertCanWrite(ctx);
  const data = createContactFieldInput.parse(input);
  const { accountId } = ctx.principal;
  const field = { id: newId("fld"), key: data.key, label: data.label, type: data.type, createdAt: ctx.now() };
  let inserted: { rowsAffected: number };
  try {
    // The count and the insert in one statement: concurrent creates can't pass the limit together.
    inserted = await ctx.db.run(sql`insert into contact_fields (id, account_id, key, label, type, created_at)
      select ${field.id}, ${accountId}, ${field.key}, ${field.label}, ${field.type}, ${field.createdAt.getTime()}
      where (select count(*) from contact_fields where account_id = ${accountId}) < ${MAX_CONTACT_FIELDS}`);
  } catch (error) {
    if (uniqueViolation(error, "contact_fields")) {
      throw conflict(`The account already has a contact field "${data.key}".`);
    }
    throw error;
  }
  if (inserted.rowsAffected === 0) {
    throw new DomainError("conflict", `An account has at most ${MAX_CONTACT_FIELDS} contact fields.`);
  }
  await auditEntry(ctx, "contact_field.created", field.id);
  return field;
}
