import { accountRetention, retentionSettings } from "@edgepost/db";
import { eq } from "drizzle-orm";
import type { Ctx } from "../context";
import { approximateDays, before, type Period, parsePeriod } from "./period";
import { RETENTION_RULES, type RetentionRule } from "./rules";

/** A rule as it applies now: the platform's period, and the shorter ones of single accounts. */
export interface Cutoffs {
  /** Rows of accounts without their own period are due at or before this moment. */
  platform: Date;
  /** Accounts with a shorter period of their own, and their moment. */
  accounts: Map<string, Date>;
  /** The latest moment anything can be due: the end of every scan. */
  latest: Date;
  /** The moment for one account's rows. */
  of(accountId: string): Date;
}

const parse = (text: string): Period => {
  const period = parsePeriod(text);
  if (!period) throw new Error(`not a period: ${text}`);
  return period;
};

/** The platform's period for a rule: the operator's value if set, else the published default. */
async function platformPeriod(ctx: Ctx, rule: RetentionRule): Promise<string> {
  const [row] = await ctx.db
    .select({ period: retentionSettings.period })
    .from(retentionSettings)
    .where(eq(retentionSettings.rule, rule));
  return row?.period ?? RETENTION_RULES[rule].default;
}

/**
 * When rows become due under a rule at `now` (created at or before the cutoff), for the platform
 * and for each account with a period of its own (the shorter of its own and the platform's).
 */
export async function cutoffs(ctx: Ctx, rule: RetentionRule, now: Date): Promise<Cutoffs> {
  const platformText = await platformPeriod(ctx, rule);
  const platform = before(now, parse(platformText));
  const overrides = await ctx.db
    .select({ accountId: accountRetention.accountId, period: accountRetention.period })
    .from(accountRetention)
    .where(eq(accountRetention.rule, rule));
  const accounts = new Map<string, Date>();
  let latest = platform;
  for (const { accountId, period } of overrides) {
    const own = parse(period);
    if (approximateDays(own) >= approximateDays(parse(platformText))) continue;
    const cutoff = before(now, own);
    accounts.set(accountId, cutoff);
    if (cutoff > latest) latest = cutoff;
  }
  return { platform, accounts, latest, of: (accountId) => accounts.get(accountId) ?? platform };
}
