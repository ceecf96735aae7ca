import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";
import { messages } from "./messages";

/** A file attached to an email, kept with it until it is sent (base64, as the API received it). */
export const messageAttachments = sqliteTable(
  "message_attachments",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    messageId: text()
      .notNull()
      .references(() => messages.id),
    position: integer().notNull(),
    filename: text().notNull(),
    contentType: text().notNull(),
    /** Set for an inline part referenced from the HTML as `cid:…`. */
    contentId: text(),
    contentBase64: text().notNull(),
    size: integer().notNull(),
  },
  (t) => [index("message_attachments_message_idx").on(t.messageId, t.position)],
);
