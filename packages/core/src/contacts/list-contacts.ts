import { contacts, LIST_STATUSES, listMemberships } from "@edgepost/db";
import { and, desc, eq, exists, lt, or, sql } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { contactColumns } from "./contact-record";
import { contactId, likePrefix, listId } from "./shared";

export const listContactsInput = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: contactId.optional().describe("a cursor from a previous page"),
  /** The start of an email address or of an E.164 number (`ann@`, `+4179`). */
  q: z.string().trim().min(1).max(254).optional(),
  /** Only contacts on this list. */
  listId: listId.optional(),
  /** Only contacts with this status (on `listId`, or on any list without it). */
  status: z.enum(LIST_STATUSES).optional(),
});

/** The account's contacts, newest first, a page at a time; searched by prefix and filtered by list. */
export async function listContacts({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof listContactsInput>;
}) {
  assertPermission(ctx, "contacts:read");
  const { limit, cursor, q, listId: list, status } = listContactsInput.parse(input);
  const { accountId } = ctx.principal;
  const pattern = q === undefined ? undefined : likePrefix(q.toLowerCase());
  const rows = await ctx.db
    .select(contactColumns)
    .from(contacts)
    .where(
      and(
        eq(contacts.accountId, accountId),
        cursor ? lt(contacts.id, cursor) : undefined,
        pattern
          ? or(
              sql`${contacts.email} like ${pattern} escape '\\'`,
              sql`${contacts.phone} like ${pattern} escape '\\'`,
            )
          : undefined,
        list || status
          ? exists(
              ctx.db
                .select({ one: sql`1` })
                .from(listMemberships)
                .where(
                  and(
                    eq(listMemberships.accountId, accountId),
                    eq(listMemberships.contactId, contacts.id),
                    list ? eq(listMemberships.listId, list) : undefined,
                    status ? eq(listMemberships.status, status) : undefined,
                  ),
                ),
            )
          : undefined,
      ),
    )
    .orderBy(desc(contacts.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  return { items: page, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
