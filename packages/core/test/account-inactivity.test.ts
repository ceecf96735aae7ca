import type { DeliveryMessage } from "@edgepost/contracts";
import {
  accountRetention,
  accounts,
  apiKeys,
  auditLog,
  creditLedger,
  messages,
  newId,
  sessions,
  smtpCredentials,
  suppressions,
  users,
} from "@edgepost/db";
import { and, eq, getTableName, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { issueApiKey } from "../src/api-keys/create-api-key";
import { verifyApiKey } from "../src/api-keys/verify-api-key";
import { newSession } from "../src/auth/sessions";
import { ledgerEntry } from "../src/credits/ledger-entry";
import { walletBalance } from "../src/credits/wallet-balance";
import { accountInactivity } from "../src/jobs/account-inactivity";
import { ACCOUNT_TABLES } from "../src/jobs/account-tables";
import type { JobBudget } from "../src/jobs/job";
import { createSmtpCredential } from "../src/smtp-credentials/create-smtp-credential";
import { collectingQueue, freshCtx, newAccount, noTransfers, type TestCtx } from "./harness";

const DAY = 86_400_000;
const SECOND = 1000;
const FAR: JobBudget = { rows: 1_000_000, deadline: Number.MAX_SAFE_INTEGER };
/** The last activity of the accounts below: their creation. */
const ACTIVE = Date.UTC(2025, 0, 15);
/** Twelve months later: deactivation is due (with a warning 30 days before). */
const DUE = Date.UTC(2026, 0, 15);
const WARN = DUE - 30 * DAY;
const clock = { now: new Date(ACTIVE) };

const at = <C extends { now: () => Date }>(ctx: C, ms: number): C => ({ ...ctx, now: () => new Date(ms) });

/** A fresh database, and the job run at a moment on it, queuing into `queued`. */
async function setup() {
  const ctx = await freshCtx(clock);
  const queued: DeliveryMessage[] = [];
  const run = (ms: number, input: { cursor?: string | null; budget?: JobBudget } = {}) =>
    accountInactivity({
      ctx: { ...at(ctx, ms), delivery: collectingQueue(queued), ...noTransfers },
      input: { cursor: input.cursor ?? null, budget: input.budget ?? FAR },
    });
  return { ctx, queued, run };
}

async function accountRow(ctx: TestCtx, accountId: string) {
  const [row] = await ctx.db.select().from(accounts).where(eq(accounts.id, accountId));
  if (!row) throw new Error("no account row");
  return row;
}

async function warningsTo(ctx: TestCtx, accountId: string) {
  return ctx.db
    .select({ id: messages.id, to: messages.toAddress, subject: messages.subject, text: messages.text })
    .from(messages)
    .where(and(eq(messages.accountId, accountId), eq(messages.category, "system")));
}

async function rowsOf(ctx: TestCtx, accountId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ACCOUNT_TABLES) {
    const n = await ctx.db.$count(table, eq(table.accountId, accountId));
    if (n > 0) counts[getTableName(table)] = n;
  }
  return counts;
}

/** An account created (its last activity) at `ms`, with an API key, a session and an SMTP credential. */
async function account(ctx: TestCtx, ms = ACTIVE, name = "Acme") {
  const owner = await newAccount(at(ctx, ms), name);
  const { accountId, actor } = owner.principal;
  const key = await issueApiKey(at(ctx, ms), { accountId, name: "k" });
  const session = await newSession(at(ctx, ms), {
    userId: actor,
    accountId,
    ip: undefined,
    userAgent: undefined,
  });
  await session.insert;
  await createSmtpCredential({ ctx: owner, input: { name: "relay" } });
  const [user] = await ctx.db.select({ email: users.email }).from(users).where(eq(users.id, actor));
  return { accountId, ownerEmail: user?.email ?? "", key: key.key };
}

describe("account-inactivity: the warning", () => {
  it("emails the owner 12 months less 30 days after the last activity, not a second earlier, and once", async () => {
    const { ctx, queued, run } = await setup();
    const { accountId, ownerEmail } = await account(ctx);

    expect(await run(WARN - SECOND)).toMatchObject({ changed: 0, done: true, detail: { warned: 0 } });
    expect(await warningsTo(ctx, accountId)).toEqual([]);

    expect(await run(WARN)).toMatchObject({
      changed: 1,
      done: true,
      cursor: null,
      detail: { warned: 1, deactivated: 0 },
    });
    const [mail, ...more] = await warningsTo(ctx, accountId);
    expect(more).toEqual([]);
    expect(mail).toMatchObject({ to: ownerEmail, subject: expect.stringContaining("2026-01-15") });
    expect(mail?.text).toContain("On 2026-01-15 it will be deactivated");
    expect(mail?.text).toContain("sign in before 2026-01-15");
    expect(mail?.text).toContain("since 2025-01-15");
    expect(queued).toContainEqual({ kind: "email", accountId, messageId: mail?.id });
    expect(await accountRow(ctx, accountId)).toMatchObject({
      status: "active",
      inactivityWarnedAt: new Date(WARN),
    });
    const audit = await ctx.db
      .select({ action: auditLog.action, actor: auditLog.actor })
      .from(auditLog)
      .where(and(eq(auditLog.accountId, accountId), eq(auditLog.action, "account.inactivity_warned")));
    expect(audit).toEqual([{ action: "account.inactivity_warned", actor: "system" }]);

    queued.length = 0;
    expect(await run(WARN)).toMatchObject({ changed: 0, detail: { warned: 0 } });
    expect(await run(WARN + 10 * DAY)).toMatchObject({ changed: 0 });
    expect(await warningsTo(ctx, accountId)).toHaveLength(1);
    expect(queued).toEqual([]);
  });

  it("counts activity from the latest of sign-in, billing and creation", async () => {
    const { ctx, run } = await setup();
    const signedIn = await account(ctx);
    const billed = await account(ctx);
    const login = ACTIVE + 40 * DAY;
    const billing = ACTIVE + 50 * DAY;
    await ctx.db
      .update(accounts)
      .set({ lastLoginAt: new Date(login) })
      .where(eq(accounts.id, signedIn.accountId));
    await ctx.db
      .update(accounts)
      .set({ lastLoginAt: new Date(ACTIVE + DAY), lastBillingAt: new Date(billing) })
      .where(eq(accounts.id, billed.accountId));

    expect(await run(WARN)).toMatchObject({ detail: { warned: 0 } });
    expect(await run(login + (WARN - ACTIVE) - SECOND)).toMatchObject({ detail: { warned: 0 } });
    expect(await run(login + (WARN - ACTIVE))).toMatchObject({ detail: { warned: 1 } });
    expect(await warningsTo(ctx, signedIn.accountId)).toHaveLength(1);
    expect(await run(billing + (WARN - ACTIVE) - SECOND)).toMatchObject({ detail: { warned: 0 } });
    expect(await run(billing + (WARN - ACTIVE))).toMatchObject({ detail: { warned: 1 } });
    expect(await warningsTo(ctx, billed.accountId)).toHaveLength(1);
  });

  it("tells every owner, and leaves suspended and closed accounts alone", async () => {
    const { ctx, run } = await setup();
    const { accountId, ownerEmail } = await account(ctx);
    const second = `${crypto.randomUUID()}@example.com`;
    await ctx.db
      .insert(users)
      .values({ id: newId("usr"), accountId, email: second, role: "owner", createdAt: new Date(ACTIVE) });
    const suspended = await account(ctx);
    const closed = await account(ctx);
    await ctx.db.update(accounts).set({ status: "suspended" }).where(eq(accounts.id, suspended.accountId));
    await ctx.db.update(accounts).set({ status: "closed" }).where(eq(accounts.id, closed.accountId));

    expect(await run(WARN)).toMatchObject({ detail: { warned: 1 } });
    expect((await warningsTo(ctx, accountId)).map((m) => m.to).sort()).toEqual([ownerEmail, second].sort());
    expect(await run(DUE + 400 * DAY)).toMatchObject({ detail: { warned: 0, deactivated: 1 } });
    for (const other of [suspended, closed]) {
      expect(await warningsTo(ctx, other.accountId)).toEqual([]);
      expect(await accountRow(ctx, other.accountId)).toMatchObject({
        inactivityWarnedAt: null,
        deactivatedAt: null,
      });
    }
  });
});

describe("account-inactivity: deactivation", () => {
  it("deactivates 12 months after the last activity, 30 days after the warning, and deletes the data", async () => {
    const { ctx, run } = await setup();
    const gone = await account(ctx);
    const kept = await account(ctx, ACTIVE + 60 * DAY);
    await run(WARN);

    expect(await run(DUE - SECOND)).toMatchObject({ changed: 0, detail: { deactivated: 0 } });
    expect(await accountRow(ctx, gone.accountId)).toMatchObject({ status: "active" });

    const result = await run(DUE);
    expect(result).toMatchObject({
      changed: 2, // deactivated, and purged
      done: true,
      cursor: null,
      detail: { warned: 0, deactivated: 1, purged: 1, forfeitures: 0 },
    });
    expect(await accountRow(ctx, gone.accountId)).toMatchObject({
      status: "deactivated",
      name: "Acme",
      deactivatedAt: new Date(DUE),
      purgedAt: new Date(DUE),
    });
    expect(await rowsOf(ctx, gone.accountId)).toEqual({});
    await expect(verifyApiKey({ ctx, input: { key: gone.key } })).rejects.toMatchObject({
      code: "unauthorized",
    });

    expect(await accountRow(ctx, kept.accountId)).toMatchObject({
      status: "active",
      inactivityWarnedAt: null,
    });
    expect(await rowsOf(ctx, kept.accountId)).toMatchObject({ users: 1, api_keys: 1, sessions: 1 });

    expect(await run(DUE)).toMatchObject({ changed: 0, detail: { deactivated: 0, purged: 0, deleted: 0 } });
    expect(await run(DUE + DAY)).toMatchObject({ changed: 0 });
  });

  it("never deactivates without 30 days' notice: a late warning puts deactivation 30 days after it", async () => {
    const { ctx, run } = await setup();
    const { accountId } = await account(ctx);
    const late = DUE + 200 * DAY; // the job did not run for months
    expect(await run(late)).toMatchObject({ detail: { warned: 1, deactivated: 0 } });
    const [mail] = await warningsTo(ctx, accountId);
    expect(mail?.text).toContain(
      `On ${new Date(late + 30 * DAY).toISOString().slice(0, 10)} it will be deactivated`,
    );
    expect(await run(late + 30 * DAY - SECOND)).toMatchObject({ detail: { deactivated: 0 } });
    expect(await accountRow(ctx, accountId)).toMatchObject({ status: "active" });
    expect(await run(late + 30 * DAY)).toMatchObject({ detail: { deactivated: 1, purged: 1 } });
  });

  it("keeps an account whose owner signs in after the warning, and warns it afresh a period later", async () => {
    const { ctx, run } = await setup();
    const { accountId } = await account(ctx);
    await run(WARN);
    const login = WARN + 10 * DAY;
    await ctx.db
      .update(accounts)
      .set({ lastLoginAt: new Date(login) })
      .where(eq(accounts.id, accountId));

    expect(await run(DUE)).toMatchObject({ changed: 0, detail: { deactivated: 0 } });
    expect(await run(DUE + 60 * DAY)).toMatchObject({ changed: 0 });
    expect(await accountRow(ctx, accountId)).toMatchObject({
      status: "active",
      inactivityWarnedAt: new Date(WARN),
    });

    // 12 months after that sign-in (2025-12-26), less 30 days: the next warning.
    const nextDue = Date.UTC(2026, 11, 26);
    expect(await run(nextDue - 30 * DAY - SECOND)).toMatchObject({ detail: { warned: 0 } });
    expect(await run(nextDue - 30 * DAY)).toMatchObject({ detail: { warned: 1 } });
    expect(await warningsTo(ctx, accountId)).toHaveLength(2);
    expect(await run(nextDue - SECOND)).toMatchObject({ detail: { deactivated: 0 } });
    expect(await run(nextDue)).toMatchObject({ detail: { deactivated: 1 } });
  });

  it("forfeits each wallet's positive balance with one entry, once, and keeps the ledger", async () => {
    const { ctx, run } = await setup();
    const rich = await account(ctx);
    const empty = await account(ctx);
    const book = (
      wallet: "email" | "sms",
      kind: "purchase" | "consumption",
      amount: number,
      reference: string,
    ) =>
      ledgerEntry(ctx, { accountId: rich.accountId, wallet, kind, amount, reference, at: new Date(ACTIVE) });
    await book("email", "purchase", 2_000, "order-1");
    await book("email", "consumption", -766, "msg-1");
    await book("sms", "purchase", 56, "order-2");
    await run(WARN);

    expect(await run(DUE)).toMatchObject({
      detail: { deactivated: 2, purged: 2, forfeitures: 2, creditsForfeited: 1_290 },
    });
    const ledger = await ctx.db
      .select()
      .from(creditLedger)
      .where(and(eq(creditLedger.accountId, rich.accountId), eq(creditLedger.kind, "forfeiture")));
    expect(
      ledger.map(({ wallet, amount, balanceAfter, reference, createdAt }) => ({
        wallet,
        amount,
        balanceAfter,
        reference,
        createdAt,
      })),
    ).toEqual(
      expect.arrayContaining([
        {
          wallet: "email",
          amount: -1_234,
          balanceAfter: 0,
          reference: `forfeiture:inactivity:${rich.accountId}`,
          createdAt: new Date(DUE),
        },
        {
          wallet: "sms",
          amount: -56,
          balanceAfter: 0,
          reference: `forfeiture:inactivity:${rich.accountId}`,
          createdAt: new Date(DUE),
        },
      ]),
    );
    expect(ledger).toHaveLength(2);
    for (const wallet of ["email", "sms"] as const)
      expect(await walletBalance(ctx, rich.accountId, wallet)).toBe(0);
    const [sums] = await ctx.db.all<{ total: number; entries: number }>(
      sql`select sum(amount) as total, count(*) as entries from credit_ledger where account_id = ${rich.accountId}`,
    );
    expect(sums).toEqual({ total: 0, entries: 5 });
    expect(await ctx.db.$count(creditLedger, eq(creditLedger.accountId, empty.accountId))).toBe(0);

    expect(await run(DUE + DAY)).toMatchObject({ changed: 0, detail: { forfeitures: 0 } });
    expect(await ctx.db.$count(creditLedger, eq(creditLedger.accountId, rich.accountId))).toBe(5);
  });

  it("applies an account's shorter inactivity period to that account only", async () => {
    const { ctx, run } = await setup();
    const strict = await account(ctx);
    const normal = await account(ctx);
    await ctx.db.insert(accountRetention).values({
      accountId: strict.accountId,
      rule: "account-inactivity",
      period: "P6M",
      updatedAt: new Date(ACTIVE),
    });
    const strictDue = Date.UTC(2025, 6, 15); // six months after 2025-01-15
    expect(await run(strictDue - 30 * DAY - SECOND)).toMatchObject({ detail: { warned: 0 } });
    expect(await run(strictDue - 30 * DAY)).toMatchObject({ detail: { warned: 1 } });
    expect((await warningsTo(ctx, strict.accountId))[0]?.text).toContain(
      "On 2025-07-15 it will be deactivated",
    );
    expect(await warningsTo(ctx, normal.accountId)).toEqual([]);
    expect(await run(strictDue - SECOND)).toMatchObject({ detail: { deactivated: 0 } });
    expect(await run(strictDue)).toMatchObject({ detail: { deactivated: 1 } });
    expect(await accountRow(ctx, strict.accountId)).toMatchObject({ status: "deactivated" });
    expect(await accountRow(ctx, normal.accountId)).toMatchObject({
      status: "active",
      inactivityWarnedAt: null,
    });
  });

  it("warns an account with a shorter warning period of its own that much before", async () => {
    const { ctx, run } = await setup();
    const { accountId } = await account(ctx);
    await ctx.db.insert(accountRetention).values({
      accountId,
      rule: "account-inactivity-warning",
      period: "P7D",
      updatedAt: new Date(ACTIVE),
    });
    expect(await run(DUE - 7 * DAY - SECOND)).toMatchObject({ detail: { warned: 0 } });
    expect(await run(DUE - 7 * DAY)).toMatchObject({ detail: { warned: 1 } });
    expect((await warningsTo(ctx, accountId))[0]?.text).toContain("On 2026-01-15 it will be deactivated");
    expect(await run(DUE - SECOND)).toMatchObject({ detail: { deactivated: 0 } });
    expect(await run(DUE)).toMatchObject({ detail: { deactivated: 1 } });
  });
});

describe("account-inactivity: budget", () => {
  it("stops at a tiny budget with a cursor; the next run finishes", async () => {
    const { ctx, run } = await setup();
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await account(ctx));
    const tiny = { rows: 2, deadline: Number.MAX_SAFE_INTEGER };

    const first = await run(WARN, { budget: tiny });
    expect(first).toMatchObject({ examined: 2, changed: 2, done: false, cursor: expect.any(String) });
    const rest = await run(WARN, { cursor: first.cursor });
    expect(rest).toMatchObject({ examined: 1, changed: 1, done: true, cursor: null });
    for (const { accountId } of made) expect(await warningsTo(ctx, accountId)).toHaveLength(1);
  });

  it("revokes keys and sessions at deactivation, and finishes a purge the budget cut short in the next run", async () => {
    const { ctx, run } = await setup();
    const { accountId, key } = await account(ctx);
    const bulk = Array.from({ length: 1_203 }, (_, i) => ({
      id: newId("sup"),
      accountId,
      email: `gone-${i}@example.com`,
      reason: "manual" as const,
      createdAt: new Date(ACTIVE),
    }));
    for (let i = 0; i < bulk.length; i += 300)
      await ctx.db.insert(suppressions).values(bulk.slice(i, i + 300));
    await run(WARN);

    // One account's worth of budget: deactivated, nothing deleted yet.
    const deactivated = await run(DUE, { budget: { rows: 1, deadline: Number.MAX_SAFE_INTEGER } });
    expect(deactivated).toMatchObject({ done: false, detail: { deactivated: 1, purged: 0, deleted: 0 } });
    expect(await accountRow(ctx, accountId)).toMatchObject({ status: "deactivated", purgedAt: null });
    const [revoked] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.accountId, accountId));
    expect(revoked?.revokedAt).toEqual(new Date(DUE));
    expect(await ctx.db.$count(sessions, eq(sessions.accountId, accountId))).toBe(0);
    await expect(verifyApiKey({ ctx, input: { key } })).rejects.toMatchObject({ code: "unauthorized" });
    const [relay] = await ctx.db
      .select()
      .from(smtpCredentials)
      .where(eq(smtpCredentials.accountId, accountId));
    expect(relay).toMatchObject({ status: "deactivated", deactivatedAt: new Date(DUE) });

    // The purge, cut short part-way.
    const partial = await run(DUE, {
      cursor: deactivated.cursor,
      budget: { rows: 600, deadline: Number.MAX_SAFE_INTEGER },
    });
    expect(partial).toMatchObject({ done: false, detail: { purged: 0 } });
    expect((partial.detail as { deleted: number }).deleted).toBeGreaterThan(0);
    expect(await accountRow(ctx, accountId)).toMatchObject({ purgedAt: null });
    expect(Object.keys(await rowsOf(ctx, accountId)).length).toBeGreaterThan(0);

    const finished = await run(DUE + DAY, { cursor: partial.cursor });
    expect(finished).toMatchObject({ done: true, detail: { purged: 1 } });
    expect(await rowsOf(ctx, accountId)).toEqual({});
    expect(await accountRow(ctx, accountId)).toMatchObject({
      status: "deactivated",
      deactivatedAt: new Date(DUE),
      purgedAt: new Date(DUE + DAY),
    });
    expect(await run(DUE + 2 * DAY)).toMatchObject({ changed: 0, done: true });
  });

  it("finishes a deactivated account's purge even without the cursor", async () => {
    const { ctx, run } = await setup();
    const { accountId } = await account(ctx);
    await run(WARN);
    await run(DUE, { budget: { rows: 1, deadline: Number.MAX_SAFE_INTEGER } });
    expect(await accountRow(ctx, accountId)).toMatchObject({ status: "deactivated", purgedAt: null });
    expect(await run(DUE + DAY)).toMatchObject({ done: true, detail: { purged: 1 } });
    expect(await rowsOf(ctx, accountId)).toEqual({});
  });
});
