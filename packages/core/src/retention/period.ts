import { z } from "zod";

/** A calendar period: ISO 8601 `P<n>Y`, `P<n>M`, `P<n>D` or a combination such as `P1Y6M`. */
export interface Period {
  years: number;
  months: number;
  days: number;
}

const ISO = /^P(?:(\d{1,3})Y)?(?:(\d{1,4})M)?(?:(\d{1,5})D)?$/;

export function parsePeriod(text: string): Period | undefined {
  const match = ISO.exec(text);
  if (!match || text === "P") return undefined;
  const [years, months, days] = [match[1], match[2], match[3]].map((n) => Number(n ?? 0)) as [
    number,
    number,
    number,
  ];
  if (years + months + days === 0) return undefined;
  return { years, months, days };
}

/** `P5Y`, `P6M`, `P30D` … (not zero), as the API takes and shows periods. */
export const periodText = z.string().refine((text) => parsePeriod(text) !== undefined, {
  message: "an ISO 8601 period such as P5Y, P6M or P30D",
});

/**
 * The moment `period` before `now`, by the UTC calendar: 2026-03-31 less P1M is 2026-02-28 (a day
 * that does not exist in the shorter month becomes its last), to the millisecond otherwise.
 */
export function before(now: Date, period: Period): Date {
  const date = new Date(now.getTime());
  const day = date.getUTCDate();
  date.setUTCDate(1);
  date.setUTCFullYear(date.getUTCFullYear() - period.years);
  date.setUTCMonth(date.getUTCMonth() - period.months);
  const last = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0)).getUTCDate();
  date.setUTCDate(Math.min(day, last));
  return new Date(date.getTime() - period.days * 86_400_000);
}

/** Roughly how long a period is, to compare two: years of 365.2425 days, months of a twelfth of that. */
export function approximateDays(period: Period): number {
  return period.years * 365.2425 + period.months * (365.2425 / 12) + period.days;
}
