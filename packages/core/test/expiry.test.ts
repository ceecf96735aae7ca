import {
  emailTemplates,
  messageAttachments,
  messageEvents,
  messages,
  newId,
  suppressions,
  webhookDeliveries,
  webhookEndpoints,
} from "@edgepost/db";
import { eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { runJob } from "../src/jobs/run-job";
import { before, parsePeriod } from "../src/retention/period";
import { setAccountRetention, setRetentionSetting } from "../src/retention/retention-settings";
import { collectingQueue, freshCtx, newAccount, noTransfers } from "./harness";

const NOW = new Date("2026-11-30T03:00:00.000Z");
const clock = { now: NOW };
const base = await freshCtx(clock);
const ctx = { ...base, delivery: collectingQueue(), ...noTransfers };
const operator = { ...ctx, operator: "operator" };
const ago = (period: string, plusSeconds = 0) =>
  new Date(
    before(NOW, parsePeriod(period) ?? { years: 0, months: 0, days: 0 }).getTime() + plusSeconds * 1000,
  );

/** A message with its events (one of each kind asked), an attachment and a webhook delivery. */
async function message(
  accountId: string,
  at: Date,
  events: ("sent" | "bounced" | "soft_bounced")[] = ["sent"],
) {
  const id = newId("msg", at.getTime());
  await ctx.db.insert(messages).values({
    id,
    accountId,
    channel: "email",
    category: "transactional",
    toAddress: "ann@example.com",
    subject: "s",
    text: "t",
    status: "sent",
    createdAt: at,
  });
  await ctx.db.insert(messageAttachments).values({
    id: newId("att"),
    accountId,
    messageId: id,
    position: 0,
    filename: "a.txt",
    contentType: "text/plain",
    contentBase64: "YQ==",
    size: 1,
  });
  const endpoint = newId("whk");
  await ctx.db
    .insert(webhookEndpoints)
    .values({ id: endpoint, accountId, url: "https://h.example", events: [], createdAt: at });
  for (const type of events) {
    const event = newId("evt", at.getTime());
    await ctx.db.insert(messageEvents).values({ id: event, accountId, messageId: id, type, occurredAt: at });
    await ctx.db
      .insert(webhookDeliveries)
      .values({ id: newId("whd"), accountId, endpointId: endpoint, eventId: event, createdAt: at });
  }
  return id;
}

const left = async (ids: string[]) =>
  (await ctx.db.select({ id: messages.id }).from(messages).where(inArray(messages.id, ids)))
    .map((r) => r.id)
    .sort();

describe("expire-statistics", () => {
  it("deletes messages with their events, attachments and webhooks at 5 years to the second, once", async () => {
    const a = (await newAccount(ctx)).principal.accountId;
    const due = [await message(a, ago("P6Y")), await message(a, ago("P5Y"))];
    const kept = [
      await message(a, ago("P5Y", 1)),
      await message(a, ago("P3Y")),
      await message(a, ago("P1D")),
    ];
    const run = await runJob({ ctx, input: { job: "expire-statistics", cron: "test" } });
    expect(run).toMatchObject({ status: "succeeded", changed: 2, done: true, cursor: null });
    expect(await left([...due, ...kept])).toEqual([...kept].sort());
    for (const table of [messageEvents, messageAttachments]) {
      expect(await ctx.db.$count(table, inArray(table.messageId, due))).toBe(0);
      expect(await ctx.db.$count(table, inArray(table.messageId, kept))).toBe(kept.length);
    }
    const orphans = await ctx.db.all(
      "select 1 from webhook_deliveries d where not exists (select 1 from message_events e where e.id = d.event_id)",
    );
    expect(orphans).toEqual([]);
    const again = await runJob({ ctx, input: { job: "expire-statistics", cron: "test" } });
    expect(again).toMatchObject({ changed: 0, done: true });
    expect(await left(kept)).toEqual([...kept].sort());
  });

  it("finds an expiring event's webhook deliveries by index, not by reading them all", async () => {
    const plan = await ctx.db.all<{ detail: string }>(
      sql`explain query plan select rowid from webhook_deliveries where event_id in (select id from message_events where message_id in (${"msg_a"}, ${"msg_b"}))`,
    );
    const steps = plan.map((row) => row.detail);
    expect(steps.some((step) => step.includes("webhook_deliveries_event_idx"))).toBe(true);
    expect(steps.filter((step) => step.startsWith("SCAN webhook_deliveries"))).toEqual([]);
  });

  it("applies an account's shorter period to that account only, and the operator's platform value", async () => {
    const a = (await newAccount(ctx)).principal.accountId;
    const b = (await newAccount(ctx)).principal.accountId;
    await setAccountRetention({
      ctx: operator,
      input: { accountId: b, rule: "campaign-statistics", period: "P1Y" },
    });
    const a2 = await message(a, ago("P2Y"));
    const b2 = await message(b, ago("P2Y"));
    const b1 = await message(b, ago("P1Y", 1));
    await runJob({ ctx, input: { job: "expire-statistics", cron: "test" } });
    expect(await left([a2, b2, b1])).toEqual([a2, b1].sort());

    await setRetentionSetting({ ctx: operator, input: { rule: "campaign-statistics", period: "P18M" } });
    await runJob({ ctx, input: { job: "expire-statistics", cron: "test" } });
    expect(await left([a2, b1])).toEqual([b1]);
    await setRetentionSetting({ ctx: operator, input: { rule: "campaign-statistics", period: "P5Y" } });
  });

  it("never lets a period grow past the published default", async () => {
    const a = (await newAccount(ctx)).principal.accountId;
    await expect(
      setRetentionSetting({ ctx: operator, input: { rule: "campaign-statistics", period: "P6Y" } }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await expect(
      setAccountRetention({ ctx: operator, input: { accountId: a, rule: "hard-bounces", period: "P13M" } }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    // The terms allow closed accounts' data to be kept up to 60 days.
    await expect(
      setRetentionSetting({ ctx: operator, input: { rule: "closed-account-purge", period: "P60D" } }),
    ).resolves.toMatchObject({ period: "P60D" });
    await expect(
      setRetentionSetting({ ctx: operator, input: { rule: "closed-account-purge", period: "P61D" } }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await setRetentionSetting({ ctx: operator, input: { rule: "closed-account-purge", period: "P45D" } });
  });

  it("goes on from its cursor when a run spends its budget, and finishes on the next tick", async () => {
    const a = (await newAccount(ctx)).principal.accountId;
    const old = ago("P5Y", -3600);
    const rows = Array.from({ length: 1_200 }, () => ({
      id: newId("msg", old.getTime()),
      accountId: a,
      channel: "email" as const,
      category: "transactional" as const,
      toAddress: "ann@example.com",
      subject: "s",
      text: "t",
      createdAt: old,
    }));
    for (let i = 0; i < rows.length; i += 200) await ctx.db.insert(messages).values(rows.slice(i, i + 200));
    const ids = rows.map((row) => row.id);
    const first = await runJob({
      ctx,
      input: { job: "expire-statistics", cron: "test", budget: { rows: 500 } },
    });
    expect(first).toMatchObject({ done: false, changed: 500, cursor: expect.stringMatching(/^0\|\d+:\d+$/) });
    expect(await left(ids)).toHaveLength(700);
    const next = await runJob({ ctx, input: { job: "expire-statistics", cron: "test" } });
    expect(next).toMatchObject({ done: true, changed: 700, cursor: null });
    expect(await left(ids)).toEqual([]);
  });

  it("deletes templates neither changed nor used for 5 years", async () => {
    const a = (await newAccount(ctx)).principal.accountId;
    const template = (name: string, updatedAt: Date) => ({
      id: newId("tpl"),
      accountId: a,
      name,
      subject: "s",
      text: "t",
      createdAt: updatedAt,
      updatedAt,
    });
    const [stale, recent, used] = [
      template("stale", ago("P5Y")),
      template("recent", ago("P5Y", 1)),
      template("used", ago("P6Y")),
    ];
    await ctx.db.insert(emailTemplates).values([stale, recent, used]);
    const last = await message(a, ago("P1Y"));
    await ctx.db.update(messages).set({ templateId: used.id }).where(eq(messages.id, last));
    await runJob({ ctx, input: { job: "expire-statistics", cron: "test" } });
    const kept = await ctx.db
      .select({ name: emailTemplates.name })
      .from(emailTemplates)
      .where(eq(emailTemplates.accountId, a));
    expect(kept.map((t) => t.name).sort()).toEqual(["recent", "used"]);
  });
});

describe("bounce records", () => {
  it("expire hard bounces (events and suppressions) after a year, soft bounces after six months, to the second", async () => {
    const a = (await newAccount(ctx)).principal.accountId;
    const hardDue = await message(a, ago("P1Y"), ["sent", "bounced", "soft_bounced"]);
    const hardKept = await message(a, ago("P1Y", 1), ["sent", "bounced"]);
    const softDue = await message(a, ago("P6M"), ["sent", "soft_bounced"]);
    const softKept = await message(a, ago("P6M", 1), ["sent", "soft_bounced"]);
    const suppression = (email: string, at: Date, reason: "hard_bounce" | "complaint") => ({
      id: newId("sup"),
      accountId: a,
      email,
      reason,
      createdAt: at,
    });
    await ctx.db
      .insert(suppressions)
      .values([
        suppression("old@example.com", ago("P1Y"), "hard_bounce"),
        suppression("new@example.com", ago("P1Y", 1), "hard_bounce"),
        suppression("complained@example.com", ago("P3Y"), "complaint"),
      ]);
    const types = async (messageId: string) =>
      (
        await ctx.db
          .select({ type: messageEvents.type })
          .from(messageEvents)
          .where(eq(messageEvents.messageId, messageId))
      )
        .map((e) => e.type)
        .sort();

    const hard = await runJob({ ctx, input: { job: "expire-hard-bounces", cron: "test" } });
    expect(hard).toMatchObject({ changed: 2, done: true });
    expect(await types(hardDue)).toEqual(["sent", "soft_bounced"]);
    expect(await types(hardKept)).toEqual(["bounced", "sent"]);
    const listed = await ctx.db
      .select({ email: suppressions.email })
      .from(suppressions)
      .where(eq(suppressions.accountId, a));
    expect(listed.map((s) => s.email).sort()).toEqual(["complained@example.com", "new@example.com"]);

    const soft = await runJob({ ctx, input: { job: "expire-soft-bounces", cron: "test" } });
    expect(soft).toMatchObject({ changed: 2, done: true });
    expect(await types(hardDue)).toEqual(["sent"]);
    expect(await types(softDue)).toEqual(["sent"]);
    expect(await types(softKept)).toEqual(["sent", "soft_bounced"]);
    // The messages themselves are statistics, kept for five years.
    expect(await left([hardDue, softDue])).toHaveLength(2);
    for (const job of ["expire-hard-bounces", "expire-soft-bounces"] as const) {
      expect(await runJob({ ctx, input: { job, cron: "test" } })).toMatchObject({ changed: 0 });
    }
    const orphans = await ctx.db.all(
      "select 1 from webhook_deliveries d where not exists (select 1 from message_events e where e.id = d.event_id)",
    );
    expect(orphans).toEqual([]);
  });
});
