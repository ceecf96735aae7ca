import { contacts } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import type { AccountCtx } from "../context";
import { InvalidFields, NotFound } from "../errors";
import { conflict, contactId, uniqueViolation } from "./shared";

export const contactColumns = {
  id: contacts.id,
  email: contacts.email,
  phone: contacts.phone,
  attributes: contacts.attributes,
  createdAt: contacts.createdAt,
  updatedAt: contacts.updatedAt,
};

/** The contact, or `not_found`: a contact of another account is not found either. */
export async function findContact(ctx: AccountCtx, id: string) {
  const [contact] = await ctx.db
    .select(contactColumns)
    .from(contacts)
    .where(and(eq(contacts.accountId, ctx.principal.accountId), eq(contacts.id, contactId.parse(id))));
  if (!contact) throw new NotFound("Contact");
  return contact;
}

export function assertReachable(email: string | null, phone: string | null): void {
  if (email === null && phone === null) {
    throw new InvalidFields([{ path: "email", message: "a contact needs an email, a phone or both" }]);
  }
}

/** A duplicate address or number of the account as a 409 naming the field; other errors as they are. */
export function duplicateOr(error: unknown): unknown {
  const column = uniqueViolation(error, "contacts");
  if (column === "email" || column === "phone") {
    return conflict(
      `The account already has a contact with this ${column === "email" ? "email" : "phone"}.`,
      column,
    );
  }
  return error;
}
