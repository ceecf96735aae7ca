import { accounts } from "@edgepost/db";
import { and, asc, eq, isNull, lte } from "drizzle-orm";
import { cutoffs } from "../retention/retention-periods";
import type { JobCtx, JobInput, JobResult } from "./job";
import { outOfBudget } from "./job";
import { purgeAccountData } from "./purge-account-data";

/**
 * Closed accounts lose every row of personal data 45 days after closing (the `closed-account-purge`
 * period, at most 60), in every table, in small chunks; the account row and its credit ledger stay,
 * as the billing record (no personal data), the account marked purged. Idempotent and resumable:
 * a run that spends its budget leaves the rest to the next one.
 */
export async function purgeClosedAccounts({
  ctx,
  input,
}: {
  ctx: JobCtx;
  input: JobInput;
}): Promise<JobResult> {
  const now = ctx.now();
  const due = await cutoffs(ctx, "closed-account-purge", now);
  const closed = await ctx.db
    .select({ id: accounts.id, closedAt: accounts.closedAt })
    .from(accounts)
    .where(and(eq(accounts.status, "closed"), isNull(accounts.purgedAt), lte(accounts.closedAt, due.latest)))
    .orderBy(asc(accounts.closedAt))
    .limit(100);
  let deleted = 0;
  let purged = 0;
  for (const { id, closedAt } of closed) {
    if (!closedAt || closedAt > due.of(id)) continue;
    const result = await purgeAccountData(ctx, id, input.budget.rows - deleted);
    deleted += result.deleted;
    if (!result.done) return summary(closed.length, purged, deleted, false);
    await ctx.db.update(accounts).set({ purgedAt: now }).where(eq(accounts.id, id));
    purged++;
    if (outOfBudget(ctx, input.budget, deleted)) return summary(closed.length, purged, deleted, false);
  }
  return summary(closed.length, purged, deleted, closed.length < 100);
}

const summary = (examined: number, purged: number, deleted: number, done: boolean): JobResult => ({
  examined,
  changed: purged,
  cursor: null,
  done,
  detail: { purged, deleted },
});
