import { contactFields } from "@edgepost/db";
import { asc, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx, Ctx } from "../context";
import { contactFieldColumns, MAX_CONTACT_FIELDS } from "./contact-fields";

/** The account's custom contact fields (at most 50), oldest first. */
export async function listContactFields({ ctx }: { ctx: AccountCtx }) {
  assertPermission(ctx, "contacts:read");
  return accountFields(ctx, ctx.principal.accountId);
}

/** An account's fields, for the verbs that check attributes against them and the imports that map columns to them. */
export function accountFields(ctx: Ctx, accountId: string) {
  return ctx.db
    .select(contactFieldColumns)
    .from(contactFields)
    .where(eq(contactFields.accountId, accountId))
    .orderBy(asc(contactFields.id))
    .limit(MAX_CONTACT_FIELDS * 2);
}
