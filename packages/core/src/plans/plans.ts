/** Plan limits are configuration (SPEC §B); seats are the plan's plus those bought. */
const PLANS = {
  /** Free: a monthly email allowance that does not carry over; bought credits come on top. */
  free: { seats: 2, emailsPerMonth: 3000, campaignEmailsPerHour: 20_000 },
  /** Subscriptions get their included credits from billing, not from an allowance. */
  subscription: { seats: 5, emailsPerMonth: 0, campaignEmailsPerHour: 200_000 },
} as const;

export type Plan = keyof typeof PLANS;

export function seatLimit(account: { plan: Plan; extraSeats: number }): number {
  return PLANS[account.plan].seats + account.extraSeats;
}

/** Campaign messages an hour an account sends at, unless the operator set its own rate. */
export function campaignSendRate(account: { plan: Plan; sendRatePerHour: number | null }): number {
  return account.sendRatePerHour ?? PLANS[account.plan].campaignEmailsPerHour;
}

export function monthlyEmailAllowance(plan: Plan): number {
  return PLANS[plan].emailsPerMonth;
}

/**
 * The end of the billing cycle running at `now`: cycles start on the anchor's day and time, every
 * month or year (a 31st anchors to the month's last day in shorter months).
 */
export function currentCycleEnd(anchor: Date, interval: "monthly" | "yearly", now: Date): Date {
  const step = interval === "monthly" ? 1 : 12;
  for (let n = step; ; n += step) {
    const end = addMonths(anchor, n);
    if (end > now) return end;
  }
}

function addMonths(date: Date, months: number): Date {
  const target = new Date(date.getTime());
  const day = target.getUTCDate();
  target.setUTCDate(1);
  target.setUTCMonth(target.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target;
}
