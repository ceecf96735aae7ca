import type { messages } from "@edgepost/db";

type MessageRow = typeof messages.$inferSelect;

/** A message as the API shows it: who, what and where it stands, never its body or attachments' bytes. */
export function emailView(row: MessageRow) {
  return {
    id: row.id,
    status: row.status,
    from: row.fromName
      ? { email: row.fromAddress ?? "", name: row.fromName }
      : { email: row.fromAddress ?? "" },
    to: row.recipients?.to ?? [{ email: row.toAddress }],
    cc: row.recipients?.cc ?? [],
    bcc: row.recipients?.bcc ?? [],
    replyTo: row.replyTo ?? null,
    subject: row.subject,
    tags: row.tags ?? [],
    metadata: row.metadata ?? {},
    templateId: row.templateId,
    credits: row.credits,
    messageIdHeader: row.headerMessageId,
    attempts: row.attempts,
    error: row.error,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
    updatedAt: row.updatedAt,
  };
}
