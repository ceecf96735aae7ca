import { type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import type { Cutoffs } from "../retention/retention-periods";
import { CHUNK, type JobBudget, type JobResult, outOfBudget } from "./job";

/** The due rows of one chunk, as subqueries for the statements that remove them. */
interface DueSet {
  /** `(select <key> …)` of the due rows. */
  keys: SQL;
  /** `(select rowid …)` of the due rows. */
  rowids: SQL;
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
  remove(due: DueSet): SQL[];
}

/** `<time>:<rowid>` of the last row looked at. */
const parseCursor = (cursor: string | null) => {
  const match = cursor ? /^(\d+):(\d+)$/.exec(cursor) : null;
  return match ? { at: Number(match[1]), rowid: Number(match[2]) } : undefined;
};

/** When a row of the chunk is due: its account's cutoff (a shorter period of its own) or the platform's. */
function dueWhen(cutoffs: Cutoffs): SQL {
  if (cutoffs.accounts.size === 0) return sql`at <= ${cutoffs.platform.getTime()}`;
  const own = [...cutoffs.accounts].map(([id, cutoff]) => sql`when ${id} then ${cutoff.getTime()}`);
  return sql`at <= case acc ${sql.join(own, sql` `)} else ${cutoffs.platform.getTime()} end`;
}

/**
 * Walks a table oldest first, in chunks of {@link CHUNK} along an index, up to the latest moment
 * anything can be due; removes the rows due for their account (the platform's cutoff, or the
 * account's shorter one) one chunk per short write transaction. A chunk is one round trip: the
 * database picks the chunk (the same `chunk` window in every statement of the batch), counts it,
 * and removes its due rows and their children by set, so no keys travel. Stops when the budget is
 * spent and says where: the next run goes on from that cursor. Rows not due stay and are looked at
 * again by the next full pass. Returns the longest write, for the benchmark.
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
  const due = dueWhen(cutoffs);
  for (;;) {
    const chunk = sql`with chunk as (
      select rowid as rid, ${expiry.key} as k, ${expiry.time} as at, ${expiry.account} as acc
      from ${expiry.table}
      where ${expiry.time} <= ${latest}
        ${expiry.where ? sql`and ${expiry.where}` : sql``}
        ${after ? sql`and (${expiry.time}, rowid) > (${after.at}, ${after.rowid})` : sql``}
      order by ${expiry.time}, rowid
      limit ${CHUNK})`;
    const set = {
      keys: sql`(select k from chunk where ${due})`,
      rowids: sql`(select rid from chunk where ${due})`,
    };
    const started = performance.now();
    const [[stats]] = await ctx.db.batch([
      ctx.db.all<{ rows: number; due: number | null; lastAt: number | null; lastRowid: number | null }>(sql`
        ${chunk} select count(*) as rows, sum(${due}) as due,
          (select at from chunk order by at desc, rid desc limit 1) as lastAt,
          (select rid from chunk order by at desc, rid desc limit 1) as lastRowid
        from chunk`),
      ...expiry.remove(set).map((statement) => ctx.db.run(sql`${chunk} ${statement}`)),
    ]);
    longestWriteMs = Math.max(longestWriteMs, performance.now() - started);
    const rows = Number(stats?.rows ?? 0);
    examined += rows;
    changed += Number(stats?.due ?? 0);
    if (rows < CHUNK || stats?.lastAt == null || stats.lastRowid == null) {
      return { examined, changed, cursor: null, done: true, longestWriteMs };
    }
    after = { at: Number(stats.lastAt), rowid: Number(stats.lastRowid) };
    if (outOfBudget(ctx, input.budget, examined)) {
      return { examined, changed, cursor: `${after.at}:${after.rowid}`, done: false, longestWriteMs };
    }
  }
}

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
