import { contactFields } from "@edgepost/db";
import { and, eq, sql } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";
import { contactFieldId } from "./shared";

/** Removes a custom field, and its values from every contact of the account, in one batch. */
export async function deleteContactField({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "contacts:write");
  assertCanWrite(ctx);
  const id = contactFieldId.parse(input.id);
  const { accountId } = ctx.principal;
  const [field] = await ctx.db
    .select({ key: contactFields.key })
    .from(contactFields)
    .where(and(eq(contactFields.accountId, accountId), eq(contactFields.id, id)));
  if (!field) throw new NotFound("Contact field");
  // The key matches ^[a-z][a-z0-9_]*$, so `$.key` is a plain JSON path; it is bound, not spliced.
  const path = `$.${field.key}`;
  await ctx.db.batch([
    ctx.db.delete(contactFields).where(and(eq(contactFields.accountId, accountId), eq(contactFields.id, id))),
    ctx.db.run(sql`update contacts set attributes = json_remove(attributes, ${path})
      where account_id = ${accountId} and json_type(attributes, ${path}) is not null`),
    auditEntry(ctx, "contact_field.deleted", id),
  ]);
}
