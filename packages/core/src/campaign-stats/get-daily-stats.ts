import { dailyStats } from "@edgepost/db";
import { and, between, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { InvalidFields } from "../errors";
import { utcDay } from "./add-to-day";
import { type Counts, countsOf, summedCounts, zeroCounts } from "./counts";

const DAY_MS = 86_400_000;
/** The longest range one call reads: a year of days, leap or not. */
const MAX_DAYS = 366;
/** Without a range: the last 30 days, today (UTC) included. */
const DEFAULT_DAYS = 30;

export const dailyStatsInput = z.object({
  from: z.iso.date().optional().describe("The first UTC day, `YYYY-MM-DD` (default: 29 days before `to`)"),
  to: z.iso.date().optional().describe("The last UTC day, `YYYY-MM-DD` (default: today)"),
});

/**
 * The account's email statistics per UTC day, from the rollups alone: transactional email and its
 * campaigns apart, every day of the range present (zeros where nothing happened).
 */
export async function getDailyStats({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof dailyStatsInput>;
}) {
  assertPermission(ctx, "emails:read");
  const parsed = dailyStatsInput.parse(input);
  const to = parsed.to ?? utcDay(ctx.now());
  const from = parsed.from ?? utcDay(new Date(Date.parse(to) - (DEFAULT_DAYS - 1) * DAY_MS));
  const span = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (span < 1) throw new InvalidFields([{ path: "from", message: "is after `to`" }]);
  if (span > MAX_DAYS)
    throw new InvalidFields([{ path: "from", message: `is more than ${MAX_DAYS} days before \`to\`` }]);
  const transactional = sql<number>`${dailyStats.campaignId} = ''`.mapWith(Number);
  const rows = await ctx.db
    .select({ day: dailyStats.day, transactional, ...summedCounts })
    .from(dailyStats)
    .where(and(eq(dailyStats.accountId, ctx.principal.accountId), between(dailyStats.day, from, to)))
    .groupBy(dailyStats.day, transactional);
  const byDay = new Map<string, { transactional: Counts; campaigns: Counts }>();
  for (let i = 0; i < span; i++) {
    byDay.set(utcDay(new Date(Date.parse(from) + i * DAY_MS)), {
      transactional: zeroCounts(),
      campaigns: zeroCounts(),
    });
  }
  for (const row of rows) {
    const day = byDay.get(row.day);
    if (day) day[row.transactional ? "transactional" : "campaigns"] = countsOf(row);
  }
  return { from, to, days: [...byDay].map(([day, counts]) => ({ day, ...counts })) };
}
