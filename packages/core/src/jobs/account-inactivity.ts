import { accounts, apiKeys, invitations, newId, sessions, smtpCredentials, users } from "@edgepost/db";
import { and, eq, isNull, ne, type SQL, sql } from "drizzle-orm";
import { forfeitWallets } from "../credits/forfeit-wallets";
import { enqueue } from "../delivery/enqueue";
import { systemEmail } from "../delivery/system-email";
import { type Cutoffs, cutoffs } from "../retention/retention-periods";
import { inactivityWarningEmail } from "../system-emails/inactivity-warning-email";
import { CHUNK, type JobBudget, type JobCtx, type JobInput, type JobResult } from "./job";
import { purgeAccountData } from "./purge-account-data";

/** An account's last activity (SPEC §A, §H): its last sign-in, its last billing operation, or its creation. */
const ACTIVITY = sql`max(coalesce(last_login_at, 0), coalesce(last_billing_at, 0), created_at)`;

/** The statement runs only once the account is deactivated (in the same batch, or before). */
const isDeactivated = (accountId: string) =>
  sql`exists (select 1 from accounts where id = ${accountId} and status = 'deactivated')`;

const PHASES = ["warn", "deactivate", "settle"] as const;

interface Candidate {
  rowid: number;
  id: string;
  name: string;
  activity: number;
  warnedAt: number | null;
}

interface Run {
  ctx: JobCtx;
  now: number;
  budget: JobBudget;
  inactivity: Cutoffs;
  warning: Cutoffs;
  /** When an account's activity is due for the warning: at or before this moment. */
  warnCutoff: (accountId: string) => number;
  /** The latest of those: the end of the warning scan. */
  warnLatest: number;
  /** Accounts looked at, and rows of data deleted: both spend the budget. */
  examined: number;
  deleted: number;
  warned: number;
  unreachable: number;
  deactivated: number;
  forfeitures: number;
  creditsForfeited: number;
  purged: number;
}

/** `<phase>|<rowid>`: the phase a cut-short run was in, and the last account it finished there. */
const parseCursor = (cursor: string | null) => {
  const match = cursor ? /^([0-2])\|(\d+)$/.exec(cursor) : null;
  return match ? { phase: Number(match[1]), after: Number(match[2]) } : { phase: 0, after: 0 };
};

/**
 * Accounts without login or billing activity (SPEC §B, §H), active ones only (not suspended or closed):
 *
 * 1. **warn**: once activity is at or before (now + `account-inactivity-warning`) − `account-inactivity`
 *    (30 days before the 12 months are up) and no warning was sent since that activity, the owners
 *    are emailed when the account will be deactivated and that signing in keeps it (a system email
 *    through the outbox, written in the batch that records `inactivityWarnedAt`).
 * 2. **deactivate**: once activity is at or before now − `account-inactivity` *and* the warning for
 *    it went out at least the warning period ago (never without that notice): `deactivated`, and its
 *    API keys, sessions, pending invitations and SMTP credentials end in the same batch. A sign-in since the warning is
 *    new activity: the account stays, and is warned afresh when that activity is as old.
 * 3. **settle** every deactivated account not yet purged: each wallet with a positive balance is
 *    forfeited by one `forfeiture` entry (reference `forfeiture:inactivity:<account>`, booked once),
 *    then its data is deleted ({@link purgeAccountData}); the account row and its ledger stay, as the
 *    billing record, marked `purgedAt`.
 *
 * Each account's shorter periods apply. Chunked along the accounts' rowid; stops when the budget
 * (accounts looked at plus rows deleted) is spent and says where; an account whose purge was cut short
 * is finished by the next run. Idempotent: a second run changes nothing.
 */
export async function accountInactivity({
  ctx,
  input,
}: {
  ctx: JobCtx;
  input: JobInput;
}): Promise<JobResult> {
  const now = ctx.now();
  const inactivity = await cutoffs(ctx, "account-inactivity", now);
  const warning = await cutoffs(ctx, "account-inactivity-warning", now);
  const run: Run = {
    ctx,
    now: now.getTime(),
    budget: input.budget,
    inactivity,
    warning,
    ...(await warningCutoffs(ctx, now, warning)),
    examined: 0,
    deleted: 0,
    warned: 0,
    unreachable: 0,
    deactivated: 0,
    forfeitures: 0,
    creditsForfeited: 0,
    purged: 0,
  };
  const start = parseCursor(input.cursor);
  for (let phase = start.phase; phase < PHASES.length; phase++) {
    const after = phase === start.phase ? start.after : 0;
    const stoppedAt =
      PHASES[phase] === "warn"
        ? await warn(run, after)
        : PHASES[phase] === "deactivate"
          ? await deactivate(run, after)
          : await settle(run, after);
    if (stoppedAt !== null) return result(run, `${phase}|${stoppedAt}`);
    if (spent(run) && phase + 1 < PHASES.length) return result(run, `${phase + 1}|0`);
  }
  return result(run, null);
}

function result(run: Run, cursor: string | null): JobResult {
  const { examined, warned, unreachable, deactivated, forfeitures, creditsForfeited, purged, deleted } = run;
  return {
    examined,
    changed: warned + deactivated + purged,
    cursor,
    done: cursor === null,
    detail: { warned, unreachable, deactivated, forfeitures, creditsForfeited, purged, deleted },
  };
}

const used = (run: Run) => run.examined + run.deleted;
/** Rows the next query may fetch: a chunk, or what is left of the budget (at least one, to progress). */
const chunk = (run: Run) => Math.max(1, Math.min(CHUNK, run.budget.rows - used(run)));
const outOfTime = (run: Run) => run.ctx.now().getTime() >= run.budget.deadline;
const spent = (run: Run) => used(run) >= run.budget.rows || outOfTime(run);

/**
 * The warning goes out the warning period before deactivation becomes due: once the activity is at
 * or before the `account-inactivity` cutoff as it will be a warning period from now, i.e. now +
 * `account-inactivity-warning` − `account-inactivity` (for 12 months and 30 days: 30 days before the
 * 12 months are up). An account with a shorter warning period of its own looks less far ahead.
 */
async function warningCutoffs(ctx: JobCtx, now: Date, warning: Cutoffs) {
  const lead = (until: Date) => now.getTime() - until.getTime();
  const platformLead = lead(warning.platform);
  const leadOf = (accountId: string) => lead(warning.of(accountId));
  const ahead = new Map<number, Cutoffs>();
  for (const ms of new Set([platformLead, ...[...warning.accounts.values()].map(lead)])) {
    ahead.set(ms, await cutoffs(ctx, "account-inactivity", new Date(now.getTime() + ms)));
  }
  const at = (ms: number): Cutoffs => {
    const due = ahead.get(ms);
    if (!due) throw new Error(`no account-inactivity cutoff ${ms} ms ahead`);
    return due;
  };
  const warnCutoff = (accountId: string) => at(leadOf(accountId)).of(accountId).getTime();
  let warnLatest = at(platformLead).latest.getTime();
  for (const id of warning.accounts.keys()) warnLatest = Math.max(warnLatest, warnCutoff(id));
  return { warnCutoff, warnLatest };
}

/**
 * Walks the accounts that match `where`, by rowid, a chunk at a time, handing each chunk to `each`;
 * returns null when it reached the end, or the rowid to go on after when the budget ran out.
 */
async function walk(
  run: Run,
  after: number,
  where: SQL,
  each: (rows: Candidate[]) => Promise<number | null>,
): Promise<number | null> {
  let from = after;
  for (;;) {
    const limit = chunk(run);
    const rows = await run.ctx.db.all<Candidate>(sql`
      select rowid as rowid, id, name, ${ACTIVITY} as activity, inactivity_warned_at as warnedAt
      from accounts
      where rowid > ${from} and ${where}
      order by rowid
      limit ${limit}`);
    run.examined += rows.length;
    const stoppedAt = await each(rows);
    if (stoppedAt !== null) return stoppedAt;
    const last = rows.at(-1);
    if (rows.length < limit || !last) return null;
    from = last.rowid;
    if (spent(run)) return from;
  }
}

/** Phase 1: the owners of accounts nearing deactivation are told when, and that signing in keeps them. */
function warn(run: Run, after: number): Promise<number | null> {
  const where = sql`status = 'active' and ${ACTIVITY} <= ${run.warnLatest}
    and (inactivity_warned_at is null or inactivity_warned_at < ${ACTIVITY})`;
  return walk(run, after, where, async (rows) => {
    for (const row of rows) if (row.activity <= run.warnCutoff(row.id)) await warnOne(run, row);
    return null;
  });
}

async function warnOne(run: Run, account: Candidate): Promise<void> {
  const { ctx } = run;
  const now = new Date(run.now);
  const recipients = await warningRecipients(run, account.id);
  // Warned on time, the inactivity period is over when the warning period is; warned late (the job
  // did not run), deactivation still waits for the whole warning period. Either way: then.
  const deactivateOn = new Date(run.now + (run.now - run.warning.of(account.id).getTime()));
  const content = inactivityWarningEmail({
    accountName: account.name,
    lastActivityAt: new Date(account.activity),
    deactivateOn,
  });
  const notices = recipients.map((to) => systemEmail(now, { accountId: account.id, to, content }));
  // The warning is recorded only if nothing happened since the account was read (a sign-in meanwhile
  // is new activity); each later statement runs only if the one before it wrote (`changes()`).
  const [recorded] = await ctx.db.batch([
    ctx.db.run(sql`
      update accounts set inactivity_warned_at = ${run.now}
      where id = ${account.id} and status = 'active' and ${ACTIVITY} = ${account.activity}
        and (inactivity_warned_at is null or inactivity_warned_at < ${ACTIVITY})`),
    ...notices.map(({ values: v }) =>
      ctx.db.run(sql`
        insert into messages (id, account_id, channel, category, to_address, subject, text, html, created_at)
        select ${v.id}, ${v.accountId}, ${v.channel}, ${v.category}, ${v.toAddress}, ${v.subject}, ${v.text},
               ${v.html ?? null}, ${run.now}
        where changes() > 0`),
    ),
    ctx.db.run(sql`
      insert into audit_log (id, account_id, actor, action, target, created_at)
      select ${newId("aud", run.now)}, ${account.id}, 'system', 'account.inactivity_warned',
             ${`deactivation:${deactivateOn.toISOString()}`}, ${run.now}
      where changes() > 0`),
  ]);
  if (recorded.rowsAffected === 0) return;
  run.warned++;
  if (notices.length === 0) run.unreachable++;
  for (const notice of notices) await enqueue(ctx.delivery, notice.queued);
}

/** The owners; an account left without one has its other users told instead. */
async function warningRecipients(run: Run, accountId: string): Promise<string[]> {
  const people = await run.ctx.db
    .select({ email: users.email, role: users.role })
    .from(users)
    .where(and(eq(users.accountId, accountId), isNull(users.deletedAt)));
  const owners = people.filter((p) => p.role === "owner");
  return (owners.length > 0 ? owners : people).map((p) => p.email);
}

/** Phase 2: accounts inactive for the whole period, warned at least the warning period ago. */
function deactivate(run: Run, after: number): Promise<number | null> {
  const where = sql`status = 'active' and ${ACTIVITY} <= ${run.inactivity.latest.getTime()}
    and inactivity_warned_at >= ${ACTIVITY} and inactivity_warned_at <= ${run.warning.latest.getTime()}`;
  return walk(run, after, where, async (rows) => {
    for (const row of rows) {
      const warnedAt = row.warnedAt ?? Number.POSITIVE_INFINITY;
      const due =
        row.activity <= run.inactivity.of(row.id).getTime() && warnedAt <= run.warning.of(row.id).getTime();
      if (due) await deactivateOne(run, row, warnedAt);
    }
    return null;
  });
}

async function deactivateOne(run: Run, account: Candidate, warnedAt: number): Promise<void> {
  const { ctx } = run;
  const now = new Date(run.now);
  const [changed] = await ctx.db.batch([
    // Only if neither a sign-in, nor billing, nor a new warning happened since it was read.
    ctx.db.run(sql`
      update accounts set status = 'deactivated', deactivated_at = ${run.now}, updated_at = ${run.now}
      where id = ${account.id} and status = 'active' and ${ACTIVITY} = ${account.activity}
        and inactivity_warned_at = ${warnedAt}`),
    ctx.db
      .update(apiKeys)
      .set({ revokedAt: now })
      .where(and(eq(apiKeys.accountId, account.id), isNull(apiKeys.revokedAt), isDeactivated(account.id))),
    ctx.db.delete(sessions).where(and(eq(sessions.accountId, account.id), isDeactivated(account.id))),
    ctx.db
      .update(invitations)
      .set({ revokedAt: now })
      .where(
        and(
          eq(invitations.accountId, account.id),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          isDeactivated(account.id),
        ),
      ),
    ctx.db
      .update(smtpCredentials)
      .set({ status: "deactivated", deactivatedAt: now })
      .where(
        and(
          eq(smtpCredentials.accountId, account.id),
          ne(smtpCredentials.status, "deactivated"),
          isDeactivated(account.id),
        ),
      ),
  ]);
  if (changed.rowsAffected > 0) run.deactivated++;
}

/**
 * Phase 3: deactivated accounts whose data is not yet deleted: credits forfeited, data purged, a
 * chunk at a time. An account whose purge the budget cut short is where the next run goes on.
 */
function settle(run: Run, after: number): Promise<number | null> {
  const where = sql`status = 'deactivated' and deactivated_at is not null and purged_at is null`;
  let finished = after;
  return walk(run, after, where, async (rows) => {
    for (const row of rows) {
      if (!(await forfeit(run, row.id))) {
        finished = row.rowid; // a send raced the forfeiture: the next full pass takes it again
        continue;
      }
      const left = run.budget.rows - used(run);
      if (left <= 0 || outOfTime(run)) return finished;
      const purge = await purgeAccountData(run.ctx, row.id, left);
      run.deleted += purge.deleted;
      if (!purge.done) return finished;
      await run.ctx.db
        .update(accounts)
        .set({ purgedAt: new Date(run.now) })
        .where(and(eq(accounts.id, row.id), eq(accounts.status, "deactivated"), isNull(accounts.purgedAt)));
      run.purged++;
      finished = row.rowid;
    }
    return null;
  });
}

/**
 * Forfeits what is left in each wallet (SPEC §B) with one entry of minus the balance, booked once by
 * its reference. False if a debit came between reading the balance and booking (the entry would
 * overdraw and is refused): the account is settled later.
 */
async function forfeit(run: Run, accountId: string): Promise<boolean> {
  const result = await forfeitWallets(run.ctx, accountId, "inactivity", new Date(run.now));
  run.forfeitures += result.forfeitures;
  run.creditsForfeited += result.credits;
  return !result.raced;
}
