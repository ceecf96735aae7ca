import {
  accounts,
  authTokens,
  contacts,
  listMemberships,
  lists,
  loginThrottles,
  newId,
  sessions,
  users,
} from "@edgepost/db";
import { eq, getTableName, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { closeAccount } from "../src/accounts/close-account";
import { issueApiKey } from "../src/api-keys/create-api-key";
import { newSession } from "../src/auth/sessions";
import type { AccountCtx } from "../src/context";
import { ACCOUNT_TABLES, BILLING_TABLES } from "../src/jobs/account-tables";
import { runJob } from "../src/jobs/run-job";
import { acceptInvitation } from "../src/users/accept-invitation";
import { inviteUser } from "../src/users/invite-user";
import { removeUser } from "../src/users/remove-user";
import { collectingQueue, freshCtx, newAccount, noTransfers } from "./harness";

const DAY = 86_400_000;
const clock = { now: new Date("2026-11-30T10:00:00Z") };
const base = await freshCtx(clock);
const delivery = collectingQueue();
const ctx = { ...base, delivery, ...noTransfers };
const links = { delivery, signingSecret: "s".repeat(40), linkBase: "https://api.test" };
const at = (ms: number) => ({ ...ctx, now: () => new Date(ms) });

async function owner(): Promise<AccountCtx & typeof links> {
  const account = await newAccount(base);
  return { ...account, ...links, principal: { ...account.principal, role: "owner", scopes: [] } };
}

async function rowsOf(accountId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of ACCOUNT_TABLES)
    counts[getTableName(table)] = await base.db.$count(table, eq(table.accountId, accountId));
  return counts;
}

describe("erasure reaches every table", () => {
  it("lists every table with an account_id column, and no other", async () => {
    const result = await base.db.all<{ name: string }>(
      sql`select distinct m.name from sqlite_master m, pragma_table_info(m.name) p where m.type = 'table' and p.name = 'account_id' order by m.name`,
    );
    expect(result.map((r) => r.name)).toEqual(
      [...ACCOUNT_TABLES, ...BILLING_TABLES].map((t) => getTableName(t)).sort(),
    );
  });
});

describe("purge-closed-accounts", () => {
  it("empties every table of a closed account's data 45 days after closing, keeps the billing row, and leaves others alone", async () => {
    const closing = await owner();
    const other = await owner();
    for (const account of [closing, other]) {
      await inviteUser({
        ctx: account,
        input: { email: `${crypto.randomUUID()}@x.example`, role: "viewer" },
      });
      await issueApiKey(base, { accountId: account.principal.accountId, name: "k" });
      const s = await newSession(base, {
        userId: account.principal.actor,
        accountId: account.principal.accountId,
        ip: "192.0.2.1",
        userAgent: "t",
      });
      await s.insert;
      // A contact on a list: the counts kept of its values and of the list go with them.
      const { accountId } = account.principal;
      const [contactId, listId] = [newId("con"), newId("lst")];
      await base.db.batch([
        base.db.insert(contacts).values({
          id: contactId,
          accountId,
          email: "someone@x.example",
          attributes: { plan: "pro" },
          createdAt: clock.now,
          updatedAt: clock.now,
        }),
        base.db
          .insert(lists)
          .values({ id: listId, accountId, name: "L", createdAt: clock.now, updatedAt: clock.now }),
        base.db.insert(listMemberships).values({
          accountId,
          listId,
          contactId,
          status: "subscribed",
          createdAt: clock.now,
          updatedAt: clock.now,
        }),
      ]);
    }
    const start = clock.now.getTime();
    await closeAccount({ ctx: closing, input: { confirm: true } });
    const before = await rowsOf(closing.principal.accountId);
    expect(before.users).toBe(1);
    expect(before.audit_log).toBeGreaterThan(0);
    expect(before.contact_value_counts).toBe(1);
    expect(before.list_status_counts).toBe(1);

    const early = await runJob({
      ctx: at(start + 45 * DAY - 1000),
      input: { job: "purge-closed-accounts", cron: "0 3 * * *" },
    });
    expect(early.detail).toMatchObject({ purged: 0 });
    const run = await runJob({
      ctx: at(start + 45 * DAY),
      input: { job: "purge-closed-accounts", cron: "0 3 * * *" },
    });
    expect(run).toMatchObject({ detail: { purged: 1 }, done: true });
    expect(Object.values(await rowsOf(closing.principal.accountId)).every((n) => n === 0)).toBe(true);
    const [billing] = await base.db
      .select()
      .from(accounts)
      .where(eq(accounts.id, closing.principal.accountId));
    expect(billing).toMatchObject({ status: "closed", name: "Acme", purgedAt: new Date(start + 45 * DAY) });

    const untouched = await rowsOf(other.principal.accountId);
    expect(untouched.users).toBe(1);
    expect(untouched.api_keys).toBe(1);
    expect(untouched.contact_value_counts).toBe(1);
    const again = await runJob({
      ctx: at(start + 46 * DAY),
      input: { job: "purge-closed-accounts", cron: "0 3 * * *" },
    });
    expect(again.detail).toMatchObject({ purged: 0, deleted: 0 });
  });
});

describe("remove-deleted-users", () => {
  it("removes a deleted user, with their sessions, exactly at the end of the billing cycle", async () => {
    const boss = await owner();
    const email = `${crypto.randomUUID()}@leaving.example`;
    await inviteUser({ ctx: boss, input: { email, role: "editor" } });
    const [mail] = await base.db.all<{ text: string }>(
      sql`select text from messages where to_address = ${email}`,
    );
    const token = /token=([A-Za-z0-9_.-]+)/.exec(mail?.text ?? "")?.[1] ?? "";
    const leaving = await acceptInvitation({
      ctx: { ...base, signingSecret: links.signingSecret },
      input: { token, name: "L", password: "a long passphrase" },
    });
    const s = await newSession(base, {
      userId: leaving.userId,
      accountId: leaving.accountId,
      ip: undefined,
      userAgent: undefined,
    });
    await s.insert;
    const { removeAt } = await removeUser({ ctx: boss, input: { id: leaving.userId } });

    await runJob({
      ctx: at(removeAt.getTime() - 1000),
      input: { job: "remove-deleted-users", cron: "0 3 * * *" },
    });
    expect(await base.db.$count(users, eq(users.id, leaving.userId))).toBe(1);
    const run = await runJob({
      ctx: at(removeAt.getTime()),
      input: { job: "remove-deleted-users", cron: "0 3 * * *" },
    });
    expect(run).toMatchObject({ detail: { removed: 1 }, done: true });
    expect(await base.db.$count(users, eq(users.id, leaving.userId))).toBe(0);
    expect(await base.db.$count(sessions, eq(sessions.userId, leaving.userId))).toBe(0);
    expect(await base.db.$count(users, eq(users.id, boss.principal.actor))).toBe(1);
  });
});

describe("prune-expired-auth", () => {
  it("clears expired sessions, old link tokens and stale sign-in counts, and nothing current", async () => {
    const account = await owner();
    const old = await newSession(at(clock.now.getTime() - 31 * DAY), {
      userId: account.principal.actor,
      accountId: account.principal.accountId,
      ip: undefined,
      userAgent: undefined,
    });
    const current = await newSession(base, {
      userId: account.principal.actor,
      accountId: account.principal.accountId,
      ip: undefined,
      userAgent: undefined,
    });
    await old.insert;
    await current.insert;
    await base.db.insert(loginThrottles).values([
      {
        key: "email:stale@x.example",
        failures: 3,
        windowStartedAt: new Date(clock.now.getTime() - 16 * 60_000),
      },
      { key: "email:fresh@x.example", failures: 3, windowStartedAt: new Date(clock.now.getTime() - 60_000) },
    ]);
    const tokensBefore = await base.db.$count(authTokens);
    const run = await runJob({ ctx, input: { job: "prune-expired-auth", cron: "0 3 * * *" } });
    expect(run.detail).toMatchObject({ sessions: 1, loginThrottles: 1 });
    expect(await base.db.$count(sessions, eq(sessions.accountId, account.principal.accountId))).toBe(1);
    expect(await base.db.$count(loginThrottles, eq(loginThrottles.key, "email:fresh@x.example"))).toBe(1);
    expect(await base.db.$count(authTokens)).toBe(tokensBefore);
  });
});
