import { newId } from "@edgepost/db";
import { type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { type Cutoffs, cutoffs } from "../retention/retention-periods";
import { CHUNK, type JobCtx, type JobInput, type JobResult, outOfBudget } from "./job";

/** Since when a credential has been idle: its last send, or its (re)activation if that is later. */
const IDLE_SINCE = sql`max(coalesce(last_sent_at, 0), activated_at)`;

interface Candidate {
  rowid: number;
  id: string;
  accountId: string;
  status: "active" | "disabled";
  idleSince: number;
}

/** `<rowid>` of the last credential looked at. */
const parseCursor = (cursor: string | null): number => {
  const match = cursor ? /^(\d+)$/.exec(cursor) : null;
  return match ? Number(match[1]) : 0;
};

/**
 * SMTP credentials without a send (SPEC §D, §H): an active one idle for the `smtp-credential-disable`
 * period (30 days) is disabled, and must be reactivated by the customer; an active or disabled one
 * idle for `smtp-credential-deactivate` (180 days) is deactivated for good. Idle time counts from the
 * later of the last send and the last (re)activation. Each account's shorter periods apply.
 *
 * One pass over the credentials that can be due, by rowid, a chunk at a time: each chunk's changes
 * are at most two updates per cutoff (each of ≤ {@link CHUNK} rows, each re-checking state and idle
 * time, so a send or reactivation meanwhile wins) and an audit entry per changed credential, in one
 * short batch. Stops when the budget is spent and says where; a second run changes nothing.
 */
export async function smtpCredentialInactivity({
  ctx,
  input,
}: {
  ctx: JobCtx;
  input: JobInput;
}): Promise<JobResult> {
  const now = ctx.now();
  const disable = await cutoffs(ctx, "smtp-credential-disable", now);
  const deactivate = await cutoffs(ctx, "smtp-credential-deactivate", now);
  let after = parseCursor(input.cursor);
  let examined = 0;
  const done = { disabled: 0, deactivated: 0 };
  for (;;) {
    const limit = Math.max(1, Math.min(CHUNK, input.budget.rows - examined));
    const rows = await ctx.db.all<Candidate>(sql`
      select rowid as rowid, id, account_id as accountId, status, ${IDLE_SINCE} as idleSince
      from smtp_credentials
      where rowid > ${after}
        and ((status = 'active' and ${IDLE_SINCE} <= ${disable.latest.getTime()})
          or (status in ('active', 'disabled') and ${IDLE_SINCE} <= ${deactivate.latest.getTime()}))
      order by rowid
      limit ${limit}`);
    examined += rows.length;
    const toDeactivate: Candidate[] = [];
    const toDisable: Candidate[] = [];
    for (const row of rows) {
      if (row.idleSince <= deactivate.of(row.accountId).getTime()) toDeactivate.push(row);
      else if (row.status === "active" && row.idleSince <= disable.of(row.accountId).getTime())
        toDisable.push(row);
    }
    const changed = await apply(ctx, now, toDeactivate, toDisable, { disable, deactivate });
    done.disabled += changed.disabled;
    done.deactivated += changed.deactivated;
    const last = rows.at(-1);
    if (rows.length < limit || !last) return result(examined, done, null);
    after = last.rowid;
    if (outOfBudget(ctx, input.budget, examined)) return result(examined, done, String(after));
  }
}

const result = (
  examined: number,
  done: { disabled: number; deactivated: number },
  cursor: string | null,
): JobResult => ({
  examined,
  changed: done.disabled + done.deactivated,
  cursor,
  done: cursor === null,
  detail: { ...done },
});

/** `(a, b, c)` of the credentials' ids. */
const ids = (rows: Candidate[]): SQL =>
  sql`(${sql.join(
    rows.map((row) => sql`${row.id}`),
    sql`, `,
  )})`;

/** Rows grouped by the cutoff that applies to their account: one update per group. */
function byCutoff(rows: Candidate[], of: Cutoffs["of"]): Map<number, Candidate[]> {
  const groups = new Map<number, Candidate[]>();
  for (const row of rows) {
    const cutoff = of(row.accountId).getTime();
    groups.set(cutoff, [...(groups.get(cutoff) ?? []), row]);
  }
  return groups;
}

/**
 * The chunk's changes in one batch. Each update re-checks the state and the idle time against the
 * cutoff, so a credential that sent or was reactivated after it was read is left alone; the audit
 * entries that follow each update record only the credentials it changed (stamped with `now`).
 */
async function apply(
  ctx: Ctx,
  now: Date,
  toDeactivate: Candidate[],
  toDisable: Candidate[],
  rules: { disable: Cutoffs; deactivate: Cutoffs },
): Promise<{ disabled: number; deactivated: number }> {
  const at = now.getTime();
  // Audit ids as `newId` makes them: this moment, then random characters of the same alphabet.
  const auditId = sql`'aud_' || ${newId("aud", at).slice(4, 14)} || lower(hex(randomblob(8)))`;
  const audit = (action: string, rows: Candidate[], column: SQL) =>
    ctx.db.run(sql`
      insert into audit_log (id, account_id, actor, action, target, created_at)
      select ${auditId}, account_id, 'system', ${action}, id, ${at}
      from smtp_credentials where id in ${ids(rows)} and ${column} = ${at}`);
  const statements: {
    kind: "deactivated" | "disabled" | "audit";
    statement: ReturnType<Ctx["db"]["run"]>;
  }[] = [];
  for (const [cutoff, rows] of byCutoff(toDeactivate, rules.deactivate.of)) {
    statements.push({
      kind: "deactivated",
      statement: ctx.db.run(sql`
        update smtp_credentials set status = 'deactivated', deactivated_at = ${at}
        where id in ${ids(rows)} and status in ('active', 'disabled') and ${IDLE_SINCE} <= ${cutoff}`),
    });
    statements.push({
      kind: "audit",
      statement: audit("smtp_credential.deactivated", rows, sql`deactivated_at`),
    });
  }
  for (const [cutoff, rows] of byCutoff(toDisable, rules.disable.of)) {
    statements.push({
      kind: "disabled",
      statement: ctx.db.run(sql`
        update smtp_credentials set status = 'disabled', disabled_at = ${at}
        where id in ${ids(rows)} and status = 'active' and ${IDLE_SINCE} <= ${cutoff}`),
    });
    statements.push({ kind: "audit", statement: audit("smtp_credential.disabled", rows, sql`disabled_at`) });
  }
  const changed = { disabled: 0, deactivated: 0 };
  const [first, ...rest] = statements.map((s) => s.statement);
  if (!first) return changed;
  const results = await ctx.db.batch([first, ...rest]);
  results.forEach((outcome, i) => {
    const kind = statements[i]?.kind;
    if (kind === "disabled" || kind === "deactivated") changed[kind] += outcome.rowsAffected;
  });
  return changed;
}
