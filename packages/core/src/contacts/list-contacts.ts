import { contacts, LIST_STATUSES, listMemberships } from "@edgepost/db";
import { and, desc, eq, exists, or, sql } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { keysetPage, pageInput, pastCursor } from "../pagination/keyset";
import { contactColumns } from "./contact-record";
import { likePrefix, listId } from "./shared";

export const listContactsInput = z.object({
  ...pageInput("con", { max: 200, byDefault: 50, reportAs: "id", described: true }),
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
        pastCursor(contacts.id, cursor),
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
  return keysetPage(rows, limit);
}
