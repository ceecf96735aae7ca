import { idSchema, messageAttachments, messageEvents, messages } from "@edgepost/db";
import { and, asc, eq } from "drizzle-orm";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { NotFound } from "../errors";
import { emailView } from "./email-view";

export const emailId = idSchema("msg");

/** One email the account sent through the API: its status, every event, and its attachments' names. */
export async function getEmail({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "emails:read");
  const { accountId } = ctx.principal;
  const [row] = await ctx.db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.id, input.id),
        eq(messages.accountId, accountId),
        eq(messages.category, "transactional"),
      ),
    );
  if (!row) throw new NotFound("Email");
  const [events, attachments] = await ctx.db.batch([
    ctx.db
      .select({
        type: messageEvents.type,
        recipient: messageEvents.recipient,
        detail: messageEvents.detail,
        occurredAt: messageEvents.occurredAt,
      })
      .from(messageEvents)
      .where(and(eq(messageEvents.messageId, row.id), eq(messageEvents.accountId, accountId)))
      .orderBy(asc(messageEvents.occurredAt), asc(messageEvents.id)),
    ctx.db
      .select({
        filename: messageAttachments.filename,
        contentType: messageAttachments.contentType,
        contentId: messageAttachments.contentId,
        size: messageAttachments.size,
      })
      .from(messageAttachments)
      .where(and(eq(messageAttachments.messageId, row.id), eq(messageAttachments.accountId, accountId)))
      .orderBy(asc(messageAttachments.position)),
  ]);
  return { ...emailView(row), events, attachments };
}
