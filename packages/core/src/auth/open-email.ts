import { type Database, messages, type OPEN_EMAIL_PURPOSES } from "@edgepost/db";
import { and, eq, getTableColumns, gt, is, SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * How many emails anyone can cause without signing in reach one address per purpose (sign-up,
 * password reset) in any hour. The rest are answered the same but not sent, so the cap tells
 * nothing about whether the address has a login: three is enough for a person who lost one email
 * or asked twice, and keeps an inbox from being flooded from as many IPs as an attacker has.
 */
export const OPEN_EMAILS_PER_HOUR = 3;
const WINDOW_MS = 3_600_000;

type Purpose = (typeof OPEN_EMAIL_PURPOSES)[number];

/**
 * The insert of such an email's `messages` row (from `systemEmail`), for `db.batch`, made only
 * while its address has had fewer than the cap in the hour before the row's `createdAt`. Count and
 * insert are one statement, which SQLite runs under its single write lock: requests in parallel
 * cannot both take the last slot. Returns the row's id if it was written, none if capped.
 */
export function insertOpenEmail(db: Database, purpose: Purpose, values: typeof messages.$inferInsert) {
  const sentLately = db
    .select({ n: sql<number>`count(*)` })
    .from(messages)
    .where(
      and(
        eq(messages.purpose, purpose),
        sql`lower(${messages.toAddress}) = lower(${values.toAddress})`,
        gt(messages.createdAt, new Date(values.createdAt.getTime() - WINDOW_MS)),
      ),
    );
  const underCap = sql`(${sentLately}) < ${OPEN_EMAILS_PER_HOUR}`;
  return insertWhere(db, messages, { ...values, purpose }, underCap).returning({ id: messages.id });
}

/** The insert of a row that depends on a message: made only if that message was written. */
export function insertIfMessage<T extends SQLiteTable>(
  db: Database,
  table: T,
  values: T["$inferInsert"],
  messageId: string,
) {
  const written = db.select({ id: messages.id }).from(messages).where(eq(messages.id, messageId));
  return insertWhere(db, table, values, sql`exists ${written}`);
}

/**
 * `INSERT … SELECT <values> WHERE <condition>` (SQLite has no `INSERT … VALUES … WHERE`), for
 * `db.batch`. Each value is bound with its column's encoding, a missing one as its default, just
 * as `insert().values()` binds them.
 */
function insertWhere<T extends SQLiteTable>(
  db: Database,
  table: T,
  values: T["$inferInsert"],
  condition: SQL,
) {
  const given = values as Record<string, unknown>;
  const row = Object.entries(getTableColumns(table)).map(([key, column]) => {
    const value = given[key] !== undefined ? given[key] : (column.default ?? column.defaultFn?.());
    if (value === undefined || value === null) return sql`null`;
    return is(value, SQL) ? value : sql.param(value, column);
  });
  return db.insert(table).select(sql`select ${sql.join(row, sql`, `)} where ${condition}`);
}
