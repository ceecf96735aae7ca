import { accountRetention, auditLog, newId, smtpCredentials } from "@edgepost/db";
import { and, eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { AccountCtx } from "../src/context";
import { smtpCredentialInactivity } from "../src/jobs/smtp-credential-inactivity";
import { createSmtpCredential } from "../src/smtp-credentials/create-smtp-credential";
import {
  hashSmtpPassword,
  PASSWORD_SHAPE,
  USERNAME_SHAPE,
} from "../src/smtp-credentials/credential-material";
import { deleteSmtpCredential } from "../src/smtp-credentials/delete-smtp-credential";
import { listSmtpCredentials } from "../src/smtp-credentials/list-smtp-credentials";
import { reactivateSmtpCredential } from "../src/smtp-credentials/reactivate-smtp-credential";
import { recordSmtpSend } from "../src/smtp-credentials/record-smtp-send";
import { collectingQueue, freshCtx, newAccount, noTransfers, type TestCtx } from "./harness";

const DAY = 86_400_000;
const SECOND = 1000;
const T0 = new Date("2026-01-01T00:00:00Z").getTime();
const FAR = { rows: 1_000_000, deadline: Number.MAX_SAFE_INTEGER };
const clock = { now: new Date(T0) };
const base = await freshCtx(clock);

/** The same caller (or context) at another moment. */
const at = <C extends { now: () => Date }>(ctx: C, ms: number): C => ({ ...ctx, now: () => new Date(ms) });

/** Runs the job at a moment, as the cron worker would, with everything of a run's context. */
const runAt = (
  ctx: TestCtx,
  ms: number,
  input: { cursor: string | null; budget?: typeof FAR } = { cursor: null },
) =>
  smtpCredentialInactivity({
    ctx: { ...at(ctx, ms), delivery: collectingQueue(), ...noTransfers },
    input: { cursor: input.cursor, budget: input.budget ?? FAR },
  });

async function stateOf(ctx: TestCtx, id: string) {
  const [row] = await ctx.db.select().from(smtpCredentials).where(eq(smtpCredentials.id, id));
  return row;
}

describe("SMTP credentials", () => {
  it("shows the password once, stores only its hash, and lists the credential without either", async () => {
    const owner = await newAccount(base);
    const created = await createSmtpCredential({ ctx: owner, input: { name: " Shop backend " } });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^smtp_[0-9a-z]{26}$/),
      name: "Shop backend",
      status: "active",
      activatedAt: clock.now,
      createdAt: clock.now,
      lastSentAt: null,
    });
    expect(created.username).toMatch(USERNAME_SHAPE);
    expect(created.password).toMatch(PASSWORD_SHAPE);
    const row = await stateOf(base, created.id);
    expect(row?.passwordHash).toBe(await hashSmtpPassword(created.password));
    expect(JSON.stringify(row)).not.toContain(created.password);

    const page = await listSmtpCredentials({ ctx: owner, input: {} });
    const { password, ...shown } = created;
    expect(page).toEqual({ items: [shown], nextCursor: null });
    expect(JSON.stringify(page)).not.toContain(password);
    expect(JSON.stringify(page)).not.toContain(row?.passwordHash);

    const audit = await base.db
      .select({ action: auditLog.action, target: auditLog.target })
      .from(auditLog)
      .where(eq(auditLog.accountId, owner.principal.accountId));
    expect(audit).toContainEqual({ action: "smtp_credential.created", target: created.id });
  });

  it("gives every credential its own user name and password", async () => {
    const owner = await newAccount(base);
    const made = await Promise.all(
      Array.from({ length: 5 }, (_, i) => createSmtpCredential({ ctx: owner, input: { name: `c${i}` } })),
    );
    expect(new Set(made.map((c) => c.username)).size).toBe(5);
    expect(new Set(made.map((c) => c.password)).size).toBe(5);
  });

  it("lists newest first, a page at a time, and only the account's own", async () => {
    const owner = await newAccount(base);
    const other = await newAccount(base);
    await createSmtpCredential({ ctx: other, input: { name: "theirs" } });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const made = await createSmtpCredential({ ctx: at(owner, T0 + i * SECOND), input: { name: `n${i}` } });
      ids.push(made.id);
    }
    const first = await listSmtpCredentials({ ctx: owner, input: { limit: 2 } });
    expect(first.items.map((c) => c.id)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).toBe(ids[1]);
    const second = await listSmtpCredentials({
      ctx: owner,
      input: { limit: 2, cursor: first.nextCursor ?? undefined },
    });
    expect(second).toEqual({ items: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
  });

  it("is for owners and admins, and refused to a suspended account", async () => {
    const owner = await newAccount(base);
    const { id } = await createSmtpCredential({ ctx: owner, input: { name: "x" } });
    const editor: AccountCtx = { ...owner, principal: { ...owner.principal, role: "editor", scopes: [] } };
    await expect(createSmtpCredential({ ctx: editor, input: { name: "y" } })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(listSmtpCredentials({ ctx: editor, input: {} })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(deleteSmtpCredential({ ctx: editor, input: { id } })).rejects.toMatchObject({
      code: "forbidden",
    });
    const reader: AccountCtx = {
      ...owner,
      principal: { ...owner.principal, scopes: ["smtp_credentials:read"] },
    };
    expect((await listSmtpCredentials({ ctx: reader, input: {} })).items).toHaveLength(1);
    await expect(reactivateSmtpCredential({ ctx: reader, input: { id } })).rejects.toMatchObject({
      code: "forbidden",
    });
    const suspended: AccountCtx = { ...owner, principal: { ...owner.principal, accountStatus: "suspended" } };
    await expect(createSmtpCredential({ ctx: suspended, input: { name: "z" } })).rejects.toMatchObject({
      code: "account_suspended",
    });
    expect((await listSmtpCredentials({ ctx: suspended, input: {} })).items).toHaveLength(1);
  });

  it("reactivates a disabled credential from now on, leaves an active one, and refuses a deactivated one", async () => {
    const owner = await newAccount(base);
    const disabled = await createSmtpCredential({ ctx: owner, input: { name: "disabled" } });
    const deactivated = await createSmtpCredential({ ctx: owner, input: { name: "deactivated" } });
    const active = await createSmtpCredential({ ctx: owner, input: { name: "active" } });
    await base.db
      .update(smtpCredentials)
      .set({ status: "disabled", disabledAt: new Date(T0 + DAY) })
      .where(eq(smtpCredentials.id, disabled.id));
    await base.db
      .update(smtpCredentials)
      .set({ status: "deactivated", deactivatedAt: new Date(T0 + DAY) })
      .where(eq(smtpCredentials.id, deactivated.id));

    const later = T0 + 40 * DAY;
    const back = await reactivateSmtpCredential({ ctx: at(owner, later), input: { id: disabled.id } });
    expect(back).toMatchObject({
      id: disabled.id,
      status: "active",
      activatedAt: new Date(later),
      disabledAt: null,
    });
    expect(await stateOf(base, disabled.id)).toMatchObject({
      status: "active",
      activatedAt: new Date(later),
    });
    // Again: already active, nothing changes (and nothing more is audited).
    const again = await reactivateSmtpCredential({ ctx: at(owner, later + DAY), input: { id: disabled.id } });
    expect(again.activatedAt).toEqual(new Date(later));
    expect(await reactivateSmtpCredential({ ctx: at(owner, later), input: { id: active.id } })).toMatchObject(
      {
        status: "active",
        activatedAt: clock.now,
      },
    );

    await expect(
      reactivateSmtpCredential({ ctx: at(owner, later), input: { id: deactivated.id } }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await stateOf(base, deactivated.id)).toMatchObject({ status: "deactivated" });

    const audit = await base.db
      .select({ target: auditLog.target })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.accountId, owner.principal.accountId),
          eq(auditLog.action, "smtp_credential.reactivated"),
        ),
      );
    expect(audit).toEqual([{ target: disabled.id }]);
  });

  it("refuses to reactivate a disabled credential already idle for 180 days, before the job deactivates it", async () => {
    const owner = await newAccount(base);
    const idle = await createSmtpCredential({ ctx: at(owner, T0), input: { name: "idle" } });
    await base.db
      .update(smtpCredentials)
      .set({ status: "disabled", disabledAt: new Date(T0 + 30 * DAY) })
      .where(eq(smtpCredentials.id, idle.id));
    await expect(
      reactivateSmtpCredential({ ctx: at(owner, T0 + 180 * DAY), input: { id: idle.id } }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect(await stateOf(base, idle.id)).toMatchObject({ status: "disabled" });
    expect(
      await reactivateSmtpCredential({ ctx: at(owner, T0 + 180 * DAY - SECOND), input: { id: idle.id } }),
    ).toMatchObject({ status: "active", activatedAt: new Date(T0 + 180 * DAY - SECOND) });
  });

  it("finds no credential of another account, to reactivate or delete", async () => {
    const owner = await newAccount(base);
    const stranger = await newAccount(base);
    const { id } = await createSmtpCredential({ ctx: owner, input: { name: "mine" } });
    await base.db.update(smtpCredentials).set({ status: "disabled" }).where(eq(smtpCredentials.id, id));
    await expect(reactivateSmtpCredential({ ctx: stranger, input: { id } })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(deleteSmtpCredential({ ctx: stranger, input: { id } })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await stateOf(base, id)).toMatchObject({ status: "disabled" });
  });

  it("deletes a credential with an audit entry; a second delete finds nothing", async () => {
    const owner = await newAccount(base);
    const { id } = await createSmtpCredential({ ctx: owner, input: { name: "gone" } });
    expect(await deleteSmtpCredential({ ctx: owner, input: { id } })).toEqual({ id });
    expect(await stateOf(base, id)).toBeUndefined();
    await expect(deleteSmtpCredential({ ctx: owner, input: { id } })).rejects.toMatchObject({
      code: "not_found",
    });
    const audit = await base.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.accountId, owner.principal.accountId), eq(auditLog.target, id)));
    expect(audit.map((a) => a.action).sort()).toEqual(["smtp_credential.created", "smtp_credential.deleted"]);
  });

  it("records a send of an active credential, and refuses disabled, deactivated and unknown ones", async () => {
    const owner = await newAccount(base);
    const sending = await createSmtpCredential({ ctx: owner, input: { name: "sending" } });
    const sentAt = T0 + 3 * DAY;
    expect(await recordSmtpSend({ ctx: at(base, sentAt), input: { username: sending.username } })).toEqual({
      id: sending.id,
      accountId: owner.principal.accountId,
      lastSentAt: new Date(sentAt),
    });
    expect((await stateOf(base, sending.id))?.lastSentAt).toEqual(new Date(sentAt));

    for (const status of ["disabled", "deactivated"] as const) {
      const { id, username } = await createSmtpCredential({ ctx: owner, input: { name: status } });
      await base.db.update(smtpCredentials).set({ status }).where(eq(smtpCredentials.id, id));
      await expect(recordSmtpSend({ ctx: base, input: { username } })).rejects.toMatchObject({
        code: "forbidden",
        message: expect.stringContaining(status),
      });
      expect((await stateOf(base, id))?.lastSentAt).toBeNull();
    }
    for (const username of [`ep_${"A".repeat(20)}`, "nobody", ""]) {
      await expect(recordSmtpSend({ ctx: base, input: { username } })).rejects.toMatchObject({
        code: "unauthorized",
      });
    }
  });
});

describe("smtp-credential-inactivity", () => {
  it("disables at 30 days without a send (not a second earlier) and deactivates at 180 days", async () => {
    const ctx = await freshCtx(clock);
    const owner = await newAccount(ctx);
    const idle = await createSmtpCredential({ ctx: at(owner, T0), input: { name: "idle" } });

    expect(await runAt(ctx, T0 + 30 * DAY - SECOND)).toMatchObject({ changed: 0, done: true });
    expect(await stateOf(ctx, idle.id)).toMatchObject({ status: "active", disabledAt: null });

    const disabledAt = T0 + 30 * DAY;
    expect(await runAt(ctx, disabledAt)).toMatchObject({
      examined: 1,
      changed: 1,
      done: true,
      cursor: null,
      detail: { disabled: 1, deactivated: 0 },
    });
    expect(await stateOf(ctx, idle.id)).toMatchObject({
      status: "disabled",
      disabledAt: new Date(disabledAt),
    });
    expect(await runAt(ctx, disabledAt)).toMatchObject({ changed: 0, done: true });

    expect(await runAt(ctx, T0 + 180 * DAY - SECOND)).toMatchObject({ changed: 0 });
    expect(await stateOf(ctx, idle.id)).toMatchObject({ status: "disabled" });
    const deactivatedAt = T0 + 180 * DAY;
    expect(await runAt(ctx, deactivatedAt)).toMatchObject({ changed: 1, detail: { deactivated: 1 } });
    expect(await stateOf(ctx, idle.id)).toMatchObject({
      status: "deactivated",
      disabledAt: new Date(disabledAt),
      deactivatedAt: new Date(deactivatedAt),
    });
    // Nothing is due any more: the deactivated credential is not even looked at.
    expect(await runAt(ctx, deactivatedAt + DAY)).toMatchObject({ examined: 0, changed: 0, done: true });

    const audit = await ctx.db
      .select({ action: auditLog.action, actor: auditLog.actor, createdAt: auditLog.createdAt })
      .from(auditLog)
      .where(eq(auditLog.target, idle.id));
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: "smtp_credential.disabled", actor: "system", createdAt: new Date(disabledAt) },
        { action: "smtp_credential.deactivated", actor: "system", createdAt: new Date(deactivatedAt) },
      ]),
    );
    await expect(
      reactivateSmtpCredential({ ctx: at(owner, deactivatedAt), input: { id: idle.id } }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("counts from the last send or the reactivation, whichever is later", async () => {
    const ctx = await freshCtx(clock);
    const owner = await newAccount(ctx);
    const sender = await createSmtpCredential({ ctx: at(owner, T0), input: { name: "sender" } });
    const lastSend = T0 + 10 * DAY;
    await recordSmtpSend({ ctx: at(ctx, lastSend), input: { username: sender.username } });

    expect(await runAt(ctx, lastSend + 30 * DAY - SECOND)).toMatchObject({ changed: 0 });
    expect(await runAt(ctx, lastSend + 30 * DAY)).toMatchObject({ changed: 1 });
    expect(await stateOf(ctx, sender.id)).toMatchObject({ status: "disabled" });

    // Reactivated long after the last send: it counts from the reactivation.
    const back = lastSend + 100 * DAY;
    await reactivateSmtpCredential({ ctx: at(owner, back), input: { id: sender.id } });
    expect(await runAt(ctx, back + 30 * DAY - SECOND)).toMatchObject({ changed: 0 });
    expect(await stateOf(ctx, sender.id)).toMatchObject({ status: "active" });
    expect(await runAt(ctx, back + 30 * DAY)).toMatchObject({ detail: { disabled: 1 } });
    // 180 days from the reactivation, not from the last send (which is 280 days old by then).
    expect(await runAt(ctx, back + 180 * DAY - SECOND)).toMatchObject({ changed: 0 });
    expect(await runAt(ctx, back + 180 * DAY)).toMatchObject({ detail: { deactivated: 1 } });
  });

  it("deactivates an active credential idle for 180 days at once, without disabling it first", async () => {
    const ctx = await freshCtx(clock);
    const owner = await newAccount(ctx);
    const forgotten = await createSmtpCredential({ ctx: at(owner, T0), input: { name: "forgotten" } });
    expect(await runAt(ctx, T0 + 180 * DAY)).toMatchObject({
      changed: 1,
      detail: { disabled: 0, deactivated: 1 },
    });
    expect(await stateOf(ctx, forgotten.id)).toMatchObject({ status: "deactivated", disabledAt: null });
  });

  it("applies an account's shorter periods to that account only", async () => {
    const ctx = await freshCtx(clock);
    const strict = await newAccount(ctx, "Strict");
    const normal = await newAccount(ctx, "Normal");
    const updatedAt = new Date(T0);
    await ctx.db.insert(accountRetention).values([
      { accountId: strict.principal.accountId, rule: "smtp-credential-disable", period: "P7D", updatedAt },
      {
        accountId: strict.principal.accountId,
        rule: "smtp-credential-deactivate",
        period: "P20D",
        updatedAt,
      },
    ]);
    const mine = await createSmtpCredential({ ctx: at(strict, T0), input: { name: "strict" } });
    const theirs = await createSmtpCredential({ ctx: at(normal, T0), input: { name: "normal" } });

    expect(await runAt(ctx, T0 + 7 * DAY - SECOND)).toMatchObject({ changed: 0 });
    expect(await runAt(ctx, T0 + 7 * DAY)).toMatchObject({ changed: 1, detail: { disabled: 1 } });
    expect(await stateOf(ctx, mine.id)).toMatchObject({ status: "disabled" });
    expect(await stateOf(ctx, theirs.id)).toMatchObject({ status: "active" });
    expect(await runAt(ctx, T0 + 20 * DAY - SECOND)).toMatchObject({ changed: 0 });
    expect(await runAt(ctx, T0 + 20 * DAY)).toMatchObject({ changed: 1, detail: { deactivated: 1 } });
    expect(await stateOf(ctx, mine.id)).toMatchObject({ status: "deactivated" });
    expect(await stateOf(ctx, theirs.id)).toMatchObject({ status: "active" });
    expect(await runAt(ctx, T0 + 30 * DAY)).toMatchObject({ changed: 1, detail: { disabled: 1 } });
    expect(await stateOf(ctx, theirs.id)).toMatchObject({ status: "disabled" });
  });

  it("works in chunks of at most 500, stops at its budget with a cursor, and the next run finishes", async () => {
    const ctx = await freshCtx(clock);
    const { accountId } = (await newAccount(ctx)).principal;
    const rows = (n: number, activatedAt: number) =>
      Array.from({ length: n }, (_, i) => ({
        id: newId("smtp"),
        accountId,
        name: `bulk ${i}`,
        username: `ep_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`,
        passwordHash: "x",
        activatedAt: new Date(activatedAt),
        createdAt: new Date(activatedAt),
      }));
    const idle = rows(1_203, T0);
    const fresh = rows(7, T0 + 20 * DAY);
    for (let i = 0; i < idle.length; i += 300)
      await ctx.db.insert(smtpCredentials).values(idle.slice(i, i + 300));
    await ctx.db.insert(smtpCredentials).values(fresh);
    const now = T0 + 30 * DAY;

    const tiny = await runAt(ctx, now, {
      cursor: null,
      budget: { rows: 2, deadline: Number.MAX_SAFE_INTEGER },
    });
    expect(tiny).toMatchObject({ examined: 2, changed: 2, done: false, cursor: expect.any(String) });
    const rest = await runAt(ctx, now, { cursor: tiny.cursor });
    expect(rest).toMatchObject({ examined: 1_201, changed: 1_201, done: true, cursor: null });
    const statuses = await ctx.db
      .select({ status: smtpCredentials.status })
      .from(smtpCredentials)
      .where(
        inArray(
          smtpCredentials.id,
          [...idle, ...fresh].map((r) => r.id),
        ),
      );
    expect(statuses.filter((r) => r.status === "disabled")).toHaveLength(1_203);
    expect(statuses.filter((r) => r.status === "active")).toHaveLength(7);
    const audits = await ctx.db.$count(auditLog, eq(auditLog.action, "smtp_credential.disabled"));
    expect(audits).toBe(1_203);

    // A run cut short by the budget in the middle of a pass, then resumed: the 1,203 are deactivated,
    // the 7 younger ones (idle 160 days by then) disabled.
    const later = T0 + 180 * DAY;
    const budget = { rows: 600, deadline: Number.MAX_SAFE_INTEGER };
    let run = await runAt(ctx, later, { cursor: null, budget });
    expect(run).toMatchObject({ examined: 600, changed: 600, done: false });
    const total = { disabled: 0, deactivated: 0, runs: 1 };
    const add = (detail: unknown) => {
      const { disabled, deactivated } = detail as typeof total;
      total.disabled += disabled;
      total.deactivated += deactivated;
    };
    add(run.detail);
    while (!run.done) {
      run = await runAt(ctx, later, { cursor: run.cursor, budget });
      add(run.detail);
      total.runs++;
    }
    expect(total).toEqual({ disabled: 7, deactivated: 1_203, runs: 3 }); // 600 + 600 + 10
    expect(await runAt(ctx, later)).toMatchObject({ examined: 0, changed: 0, done: true });
  });

  it("stops at its deadline after a chunk", async () => {
    const ctx = await freshCtx(clock);
    const { accountId } = (await newAccount(ctx)).principal;
    const idle = Array.from({ length: 501 }, (_, i) => ({
      id: newId("smtp"),
      accountId,
      name: `late ${i}`,
      username: `ep_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`,
      passwordHash: "x",
      activatedAt: new Date(T0),
      createdAt: new Date(T0),
    }));
    for (let i = 0; i < idle.length; i += 300)
      await ctx.db.insert(smtpCredentials).values(idle.slice(i, i + 300));
    const now = T0 + 30 * DAY;
    const run = await runAt(ctx, now, { cursor: null, budget: { rows: 1_000_000, deadline: now } });
    expect(run).toMatchObject({ examined: 500, changed: 500, done: false });
    expect(await runAt(ctx, now, { cursor: run.cursor })).toMatchObject({
      examined: 1,
      changed: 1,
      done: true,
    });
  });
});
