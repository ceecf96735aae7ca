import { type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import type { Cutoffs } from "../retention/retention-periods";
import { CHUNK, type JobBudget, type JobResult, outOfBudget } from "./job";

export interface DueRow {
  rowid: number;
  id: string;
  at: number;
  accountId: string;
}

export interface Expiry {
  /** The table scanned, oldest first by `time`, with its key column and account column. */
  table: SQL;
  time: SQL;
  key: SQL;
  account: SQL;
  /** Only these rows (e.g. `type = 'soft_bounced'`). */
  where?: SQL;
  /** The statements removing (or changing) the due rows of one chunk, children first; one batch. */
  remove(rows: DueRow[]): SQL[];
}

/** `<time>:<rowid>` of the last row looked at. */
const parseCursor = (cursor: string | null) => {
  const match = cursor ? /^(\d+):(\d+)$/.exec(cursor) : null;
  return match ? { at: Number(match[1]), rowid: Number(match[2]) } : undefined;
};

/**
 * Walks a table oldest first, in chunks of {@link CHUNK} along an index, up to the latest moment
 * anything can be due; removes the rows due for their account (the platform's cutoff, or the
 * account's shorter one) one chunk per short write transaction. Stops when the budget is spent and
 * says where: the next run goes on from that cursor. Rows not due stay and are looked at again by
 * the next full pass. Returns the longest write, for the benchmark.
 */
async function expireRows(
  ctx: Ctx,
  expiry: Expiry,
  cutoffs: Cutoffs,
  input: { cursor: string | null; budget: JobBudget },
): Promise<JobResult & { longestWriteMs: number }> {
  let after = parseCursor(input.cursor);
  let examined = 0;
  let changed = 0;
  let longestWriteMs = 0;
  const latest = cutoffs.latest.getTime();
  for (;;) {
    const rows = await ctx.db.all<DueRow>(sql`
      select rowid as rowid, ${expiry.key} as id, ${expiry.time} as at, ${expiry.account} as accountId
      from ${expiry.table}
      where ${expiry.time} <= ${latest}
        ${expiry.where ? sql`and ${expiry.where}` : sql``}
        ${after ? sql`and (${expiry.time}, rowid) > (${after.at}, ${after.rowid})` : sql``}
      order by ${expiry.time}, rowid
      limit ${CHUNK}`);
    examined += rows.length;
    const due = rows.filter((row) => row.at <= cutoffs.of(row.accountId).getTime());
    if (due.length > 0) {
      const started = performance.now();
      const statements = expiry.remove(due).map((statement) => ctx.db.run(statement));
      await ctx.db.batch(statements as [(typeof statements)[number], ...typeof statements]);
      longestWriteMs = Math.max(longestWriteMs, performance.now() - started);
      changed += due.length;
    }
    const last = rows.at(-1);
    if (rows.length < CHUNK || !last) return { examined, changed, cursor: null, done: true, longestWriteMs };
    after = { at: last.at, rowid: last.rowid };
    if (outOfBudget(ctx, input.budget, examined)) {
      return { examined, changed, cursor: `${after.at}:${after.rowid}`, done: false, longestWriteMs };
    }
  }
}

/** `(a, b, c)` of the rows' keys, for `in` lists. */
export const keys = (rows: DueRow[]): SQL =>
  sql`(${sql.join(
    rows.map((row) => sql`${row.id}`),
    sql`, `,
  )})`;
export const rowids = (rows: DueRow[]): SQL =>
  sql`(${sql.join(
    rows.map((row) => sql`${row.rowid}`),
    sql`, `,
  )})`;

/**
 * Several expiries run one after the other as one job: the cursor says which one a cut-short run
 * was in (`<index>|<cursor>`), so the next run goes on there.
 */
export async function expireInPhases(
  ctx: Ctx,
  phases: { expiry: Expiry; cutoffs: Cutoffs }[],
  input: { cursor: string | null; budget: JobBudget },
): Promise<JobResult & { longestWriteMs: number }> {
  const match = input.cursor ? /^(\d+)\|(.*)$/.exec(input.cursor) : null;
  let phase = match ? Number(match[1]) : 0;
  let cursor = match?.[2] || null;
  const total = { examined: 0, changed: 0, longestWriteMs: 0 };
  for (; phase < phases.length; phase++) {
    const current = phases[phase];
    if (!current) break;
    const budget = { ...input.budget, rows: input.budget.rows - total.examined };
    const result = await expireRows(ctx, current.expiry, current.cutoffs, { cursor, budget });
    total.examined += result.examined;
    total.changed += result.changed;
    total.longestWriteMs = Math.max(total.longestWriteMs, result.longestWriteMs);
    if (!result.done) return { ...total, cursor: `${phase}|${result.cursor}`, done: false };
    cursor = null;
    if (outOfBudget(ctx, input.budget, total.examined) && phase + 1 < phases.length) {
      return { ...total, cursor: `${phase + 1}|`, done: false };
    }
  }
  return { ...total, cursor: null, done: true };
}
