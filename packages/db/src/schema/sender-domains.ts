import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";

export const SENDER_DOMAIN_STATUSES = ["pending", "verified", "failed"] as const;

export type DnsCheck = { ok: boolean; found: string[] };

/**
 * A domain an account sends from. It is verified when its DNS holds the ownership token, an SPF
 * record including the platform, the DKIM key and a DMARC policy; only then may `from` use it.
 */
export const senderDomains = sqliteTable(
  "sender_domains",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    /** Lower-cased, without a trailing dot. */
    domain: text().notNull(),
    status: text({ enum: SENDER_DOMAIN_STATUSES }).notNull().default("pending"),
    /** Random; published as `edgepost-verification=<token>` at `_edgepost.<domain>`. */
    verificationToken: text().notNull(),
    dkimSelector: text().notNull(),
    /** The public key customers publish at `<selector>._domainkey.<domain>` (base64 SPKI). */
    dkimPublicKey: text().notNull(),
    /** The DKIM signing key (PKCS#8), sealed with the platform key; SMTP sends are signed with it. */
    dkimPrivateKeySealed: text().notNull(),
    /** What the last check found, per record. */
    checks: text({ mode: "json" }).$type<Record<string, DnsCheck>>(),
    lastCheckedAt: integer({ mode: "timestamp_ms" }),
    verifiedAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("sender_domains_account_domain_idx").on(t.accountId, t.domain)],
);
