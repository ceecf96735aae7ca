import { sql } from "drizzle-orm";
import type { Ctx } from "../context";

/** `YYYY-MM-DD` of an instant, UTC: the day of the rollups. */
export const utcDay = (at: Date) => at.toISOString().slice(0, 10);

/** The `daily_stats` counters a write adds to. */
export type DayCounter =
  | "sent"
  | "failures"
  | "delivered"
  | "hard_bounces"
  | "soft_bounces"
  | "complaints"
  | "unsubscribes";

/**
 * A statement for a batch, right after the write it counts: adds to a campaign's (`''`: the
 * transactional email's) counter of the day the rows that write changed (`changes()`), or one for
 * them, and nothing when it changed none — so a write that lost its guard is never counted.
 */
export function addToDay(
  ctx: Ctx,
  day: { accountId: string; campaignId: string; at: Date },
  counter: DayCounter,
  amount: "changed rows" | "one",
) {
  const column = sql.raw(counter);
  const added = amount === "one" ? sql`1` : sql`changes()`;
  return ctx.db.run(sql`insert into daily_stats (account_id, campaign_id, day, ${column})
    select ${day.accountId}, ${day.campaignId}, ${utcDay(day.at)}, ${added} where changes() > 0
    on conflict (account_id, campaign_id, day) do update set ${column} = ${column} + excluded.${column}`);
}
