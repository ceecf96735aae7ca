import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

/**
 * An account's own email provider, instead of the platform's default. The provider URL carries
 * the credentials, so it is stored encrypted (AES-GCM under a key derived from the signing secret).
 */
export const emailProviders = sqliteTable("email_providers", {
  accountId: text()
    .primaryKey()
    .references(() => accounts.id),
  /** `smtp`, `ses`, `postmark`, `resend`: shown without the credentials. */
  kind: text().notNull(),
  urlEncrypted: text().notNull(),
  createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  updatedAt: integer({ mode: "timestamp_ms" }).notNull(),
});
