import { contacts, messages } from "@edgepost/db";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";

/** What an erased address becomes wherever it must leave a value behind (a message's recipient). */
export const ERASED_ADDRESS = "erased@invalid";

/** One of the account's contacts, or 404: another account's id is as unknown as a made-up one. */
export async function findContact(ctx: AccountCtx, id: string) {
  const [contact] = await ctx.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.accountId, ctx.principal.accountId), eq(contacts.id, id)))
    .limit(1);
  if (!contact) throw new NotFound("Contact");
  return contact;
}

/** The account's messages with this (lower-cased) address among their recipients, in any field. */
export function sentTo(accountId: string, email: string): SQL | undefined {
  return and(
    eq(messages.accountId, accountId),
    sql`(lower(${messages.toAddress}) = ${email} or exists (select 1 from json_tree(${messages.recipients}) where key = 'email' and lower(value) = ${email}))`,
  );
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The address as it may appear in text, in any case, plain or URL-encoded (`ann%40example.com`),
 * but not inside a longer address (`joann@example.com`, `ann@example.com.au`).
 */
export function addressPattern(email: string): RegExp {
  const [local = "", domain = ""] = email.split("@");
  const forms = [`${escapeRegExp(local)}(?:@|%40)${escapeRegExp(domain)}`];
  return new RegExp(`(?<![A-Za-z0-9._%+-])(?:${forms.join("|")})(?![A-Za-z0-9-]|\\.[A-Za-z0-9])`, "gi");
}
