import { accountRetention, accounts, auditLog, newId, retentionSettings } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Ctx } from "../context";
import { InvalidFields, NotFound } from "../errors";
import { approximateDays, type Period, parsePeriod, periodText } from "./period";
import { maxPeriod, RETENTION_RULES, type RetentionRule, RULE_NAMES } from "./rules";

type OperatorCtx = Ctx & { operator: string };

export const retentionRule = z.enum(RULE_NAMES as [RetentionRule, ...RetentionRule[]]);

export const periodInput = z.strictObject({ period: periodText });

const days = (text: string) => approximateDays(parsePeriod(text) as Period);

/** Every rule: its published default, the longest allowed, the platform's value and the accounts' own. */
export async function listRetentionSettings({ ctx }: { ctx: Ctx }) {
  const [platform, own] = await ctx.db.batch([
    ctx.db.select().from(retentionSettings),
    ctx.db.select().from(accountRetention),
  ]);
  return RULE_NAMES.map((rule) => {
    const set = platform.find((row) => row.rule === rule);
    return {
      rule,
      description: RETENTION_RULES[rule].description,
      default: RETENTION_RULES[rule].default,
      max: maxPeriod(rule),
      period: set?.period ?? RETENTION_RULES[rule].default,
      updatedAt: set?.updatedAt ?? null,
      accounts: own
        .filter((row) => row.rule === rule)
        .map((row) => ({ accountId: row.accountId, period: row.period, updatedAt: row.updatedAt })),
    };
  });
}

function assertWithin(period: string, limit: string, what: string) {
  if (days(period) > days(limit)) {
    throw new InvalidFields([{ path: "period", message: `may not be longer than ${limit} (${what})` }]);
  }
}

/** The operator sets the platform's period for a rule, never longer than the terms allow. */
export async function setRetentionSetting({
  ctx,
  input,
}: {
  ctx: OperatorCtx;
  input: { rule: RetentionRule; period: string };
}) {
  const rule = retentionRule.parse(input.rule);
  const { period } = periodInput.parse({ period: input.period });
  assertWithin(period, maxPeriod(rule), "the published default");
  const now = ctx.now();
  await ctx.db
    .insert(retentionSettings)
    .values({ rule, period, updatedAt: now })
    .onConflictDoUpdate({ target: retentionSettings.rule, set: { period, updatedAt: now } });
  return { rule, period, updatedAt: now };
}

/**
 * The operator shortens a period for one account (never lengthens it past the published default);
 * the shorter of the account's and the platform's applies.
 */
export async function setAccountRetention({
  ctx,
  input,
}: {
  ctx: OperatorCtx;
  input: { accountId: string; rule: RetentionRule; period: string };
}) {
  const rule = retentionRule.parse(input.rule);
  const { period } = periodInput.parse({ period: input.period });
  assertWithin(period, RETENTION_RULES[rule].default, "the published default");
  const [account] = await ctx.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.id, input.accountId));
  if (!account) throw new NotFound("Account");
  const now = ctx.now();
  await ctx.db.batch([
    ctx.db
      .insert(accountRetention)
      .values({ accountId: account.id, rule, period, updatedAt: now })
      .onConflictDoUpdate({
        target: [accountRetention.accountId, accountRetention.rule],
        set: { period, updatedAt: now },
      }),
    ctx.db.insert(auditLog).values({
      id: newId("aud"),
      accountId: account.id,
      actor: ctx.operator,
      action: "retention.shortened",
      target: `${rule}:${period}`,
      createdAt: now,
    }),
  ]);
  return { accountId: account.id, rule, period, updatedAt: now };
}

/** The account follows the platform's period again. */
export async function clearAccountRetention({
  ctx,
  input,
}: {
  ctx: OperatorCtx;
  input: { accountId: string; rule: RetentionRule };
}) {
  const rule = retentionRule.parse(input.rule);
  const removed = await ctx.db
    .delete(accountRetention)
    .where(and(eq(accountRetention.accountId, input.accountId), eq(accountRetention.rule, rule)))
    .returning({ rule: accountRetention.rule });
  if (removed.length === 0) throw new NotFound("Account period");
}
