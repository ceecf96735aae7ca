import { dailyStats } from "@edgepost/db";
import { sql } from "drizzle-orm";

/** The figures of a rollup, as the statistics show them. */
export const COUNT_KEYS = [
  "sent",
  "delivered",
  "hardBounces",
  "softBounces",
  "opensUnique",
  "opensTotal",
  "opensMachine",
  "clicksUnique",
  "clicksTotal",
  "clicksMachine",
  "unsubscribes",
  "complaints",
  "failures",
] as const;

export type Counts = Record<(typeof COUNT_KEYS)[number], number>;

/** Every figure summed over the rollup rows a query groups (`select` columns). */
export const summedCounts = Object.fromEntries(
  COUNT_KEYS.map((key) => [key, sql<number>`coalesce(sum(${dailyStats[key]}), 0)`.mapWith(Number)]),
) as { [K in keyof Counts]: ReturnType<typeof sql<number>> };

export const zeroCounts = (): Counts => Object.fromEntries(COUNT_KEYS.map((key) => [key, 0])) as Counts;

/** The figures of a row, without its other columns. */
export const countsOf = (row: Counts): Counts =>
  Object.fromEntries(COUNT_KEYS.map((key) => [key, row[key]])) as Counts;

export function addCounts(into: Counts, row: Counts): Counts {
  for (const key of COUNT_KEYS) into[key] += row[key];
  return into;
}
