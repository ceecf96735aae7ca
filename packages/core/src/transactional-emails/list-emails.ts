import { MESSAGE_STATUSES, messages } from "@edgepost/db";
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { keysetPage, pageInput, pastCursor } from "../pagination/keyset";
import { emailView } from "./email-view";

export const listEmailsInput = z.object({
  ...pageInput("msg", { max: 100, byDefault: 25 }),
  status: z.enum(MESSAGE_STATUSES).optional(),
  /** Only messages carrying this tag. */
  tag: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
  /** Only messages whose first `to` is this address. */
  to: z.email().optional(),
  /** Only messages accepted at or after this time. */
  since: z.coerce.date().optional(),
  /** Only messages accepted before this time. */
  until: z.coerce.date().optional(),
});

/** The account's API emails, newest first, a page at a time, filtered by status, tag, recipient or time. */
export async function listEmails({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof listEmailsInput>;
}) {
  assertPermission(ctx, "emails:read");
  const { limit, cursor, status, tag, to, since, until } = listEmailsInput.parse(input);
  const rows = await ctx.db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.accountId, ctx.principal.accountId),
        eq(messages.category, "transactional"),
        pastCursor(messages.id, cursor),
        status ? eq(messages.status, status) : undefined,
        tag ? sql`exists (select 1 from json_each(${messages.tags}) where value = ${tag})` : undefined,
        to ? eq(messages.toAddress, to) : undefined,
        since ? gte(messages.createdAt, since) : undefined,
        until ? lt(messages.createdAt, until) : undefined,
      ),
    )
    .orderBy(desc(messages.id))
    .limit(limit + 1);
  const page = keysetPage(rows, limit);
  return { ...page, items: page.items.map(emailView) };
}
