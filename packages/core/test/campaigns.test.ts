import {
  auditLog,
  campaigns,
  contacts,
  type ListStatus,
  listMemberships,
  newId,
  senderDomains,
  suppressions,
} from "@edgepost/db";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { audienceCondition } from "../src/campaigns/audience";
import { createCampaign } from "../src/campaigns/create-campaign";
import { deleteCampaign } from "../src/campaigns/delete-campaign";
import { duplicateCampaign } from "../src/campaigns/duplicate-campaign";
import { getCampaign } from "../src/campaigns/get-campaign";
import { listCampaigns } from "../src/campaigns/list-campaigns";
import { updateCampaign } from "../src/campaigns/update-campaign";
import { createContactField } from "../src/contacts/create-contact-field";
import { createList } from "../src/contacts/create-list";
import { deleteContactField } from "../src/contacts/delete-contact-field";
import { deleteList } from "../src/contacts/delete-list";
import type { AccountCtx } from "../src/context";
import { createSenderDomain } from "../src/domains/create-sender-domain";
import { createSegment } from "../src/segments/create-segment";
import { deleteSegment } from "../src/segments/delete-segment";
import { createTemplate } from "../src/templates/create-template";
import { freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-12-08T10:00:00Z") };
const ctx = await freshCtx(clock);

let domains = 0;
/** An account with a verified sender domain, a list, a segment and a template. */
async function customer() {
  const owner = await newAccount(ctx);
  const domain = `news${++domains}-${Date.now()}.example.com`;
  const d = await createSenderDomain({
    ctx: { ...owner, signingSecret: "test-signing-secret-of-at-least-32-characters" },
    input: { domain },
  });
  await ctx.db.update(senderDomains).set({ status: "verified" }).where(eq(senderDomains.id, d.id));
  const list = await createList({ ctx: owner, input: { name: "News", doubleOptIn: false } });
  const segment = await createSegment({
    ctx: owner,
    input: { name: "Everyone", filter: { list: list.id, status: "subscribed" } },
  });
  const template = await createTemplate({
    ctx: owner,
    input: { name: "Monthly", subject: "News for {{ first_name }}", html: "<p>Hi</p>" },
  });
  return { owner, domain, list, segment, template };
}

const stored = (owner: AccountCtx) =>
  ctx.db.select().from(campaigns).where(eq(campaigns.accountId, owner.principal.accountId));

describe("campaigns", () => {
  it("stores a draft with its audience, sender and content, and shows it back", async () => {
    const { owner, domain, list, segment, template } = await customer();
    const created = await createCampaign({
      ctx: owner,
      input: {
        name: "December news",
        audience: { lists: [list.id], excludeSegments: [segment.id] },
        sender: { email: `hello@${domain}`, name: "Acme News", replyTo: "support@example.org" },
        templateId: template.id,
        preheader: "What happened this month",
      },
    });
    expect(created).toMatchObject({
      status: "draft",
      channel: "email",
      audience: { lists: [list.id], segments: [], excludeLists: [], excludeSegments: [segment.id] },
      trackOpens: true,
      trackClicks: true,
    });
    expect(await getCampaign({ ctx: owner, input: { id: created.id } })).toEqual(created);
    const audit = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.target, created.id), eq(auditLog.action, "campaign.created")));
    expect(audit).toHaveLength(1);
  });

  it("names every wrong reference and stores nothing: another account's list, an unverified sender, a broken template", async () => {
    const { owner } = await customer();
    const other = await customer();
    const attempt = createCampaign({
      ctx: owner,
      input: {
        name: "Bad",
        audience: { lists: [other.list.id], segments: [other.segment.id] },
        sender: { email: "news@unverified.example.net" },
        subject: "Hello {{ name ",
        html: "<p>{% if %}</p>",
      },
    });
    await expect(attempt).rejects.toMatchObject({
      code: "invalid_input",
      fields: expect.arrayContaining([
        expect.objectContaining({ path: "audience.lists[0]" }),
        expect.objectContaining({ path: "audience.segments[0]" }),
        expect.objectContaining({ path: "sender.email" }),
        expect.objectContaining({ path: "subject" }),
        expect.objectContaining({ path: "html" }),
      ]),
    });
    expect(await stored(owner)).toEqual([]);
  });

  it("refuses a template and inline content together, and header-breaking text", async () => {
    const { owner, template } = await customer();
    await expect(
      createCampaign({ ctx: owner, input: { name: "Both", templateId: template.id, html: "<p>x</p>" } }),
    ).rejects.toMatchObject({ fields: [expect.objectContaining({ path: "templateId" })] });
    await expect(
      createCampaign({ ctx: owner, input: { name: "News\r\nBcc: x@example.com" } }),
    ).rejects.toThrow(/control characters/);
    await expect(createCampaign({ ctx: owner, input: { name: "News", preheader: "a\nb" } })).rejects.toThrow(
      /control characters/,
    );
    await expect(
      createCampaign({ ctx: owner, input: { name: "News", subject: "Hi\r\nBcc: all@example.com" } }),
    ).rejects.toThrow(/control characters/);
    expect(await stored(owner)).toEqual([]);
  });

  it("changes a draft, clears a field with null, and audits only a change that happened", async () => {
    const { owner, domain, list } = await customer();
    const c = await createCampaign({ ctx: owner, input: { name: "Draft", html: "<p>Hi</p>" } });
    clock.now = new Date(clock.now.getTime() + 1000);
    const changed = await updateCampaign({
      ctx: owner,
      input: {
        id: c.id,
        audience: { lists: [list.id] },
        sender: { email: `a@${domain}` },
        html: null,
        text: "Hi",
      },
    });
    expect(changed).toMatchObject({ html: null, text: "Hi", sender: { email: `a@${domain}` } });
    expect(await getCampaign({ ctx: owner, input: { id: c.id } })).toEqual(changed);

    // Once it is sending, nothing changes: not the row, not the audit log.
    await ctx.db.update(campaigns).set({ status: "sending" }).where(eq(campaigns.id, c.id));
    await expect(updateCampaign({ ctx: owner, input: { id: c.id, name: "Late" } })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(deleteCampaign({ ctx: owner, input: { id: c.id } })).rejects.toMatchObject({
      code: "conflict",
    });
    const updates = await ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.target, c.id), eq(auditLog.action, "campaign.updated")));
    expect(updates).toHaveLength(1);
    expect((await getCampaign({ ctx: owner, input: { id: c.id } })).name).toBe("Draft");
  });

  it("duplicates any campaign as a new draft, lists newest first by state, deletes drafts only", async () => {
    const { owner } = await customer();
    const first = await createCampaign({ ctx: owner, input: { name: "First", html: "<p>1</p>" } });
    await ctx.db.update(campaigns).set({ status: "sent" }).where(eq(campaigns.id, first.id));
    clock.now = new Date(clock.now.getTime() + 1000);
    const copy = await duplicateCampaign({ ctx: owner, input: { id: first.id } });
    expect(copy).toMatchObject({ name: "First (copy)", status: "draft", html: "<p>1</p>" });
    const all = await listCampaigns({ ctx: owner, input: {} });
    expect(all.items.map((c) => c.id)).toEqual([copy.id, first.id]);
    const drafts = await listCampaigns({ ctx: owner, input: { status: "draft" } });
    expect(drafts.items.map((c) => c.id)).toEqual([copy.id]);
    const page = await listCampaigns({ ctx: owner, input: { limit: 1 } });
    expect(page.nextCursor).toBe(copy.id);
    await expect(deleteCampaign({ ctx: owner, input: { id: first.id } })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await deleteCampaign({ ctx: owner, input: { id: copy.id } })).toEqual({ id: copy.id });
    expect((await stored(owner)).map((c) => c.id)).toEqual([first.id]);
  });

  it("keeps each account's campaigns to itself", async () => {
    const a = await customer();
    const b = await customer();
    const c = await createCampaign({ ctx: a.owner, input: { name: "Mine" } });
    for (const attempt of [
      getCampaign({ ctx: b.owner, input: { id: c.id } }),
      updateCampaign({ ctx: b.owner, input: { id: c.id, name: "Theirs" } }),
      duplicateCampaign({ ctx: b.owner, input: { id: c.id } }),
      deleteCampaign({ ctx: b.owner, input: { id: c.id } }),
    ]) {
      await expect(attempt).rejects.toMatchObject({ code: "not_found" });
    }
    expect((await listCampaigns({ ctx: b.owner, input: {} })).items).toEqual([]);
  });

  it("reaches each subscribed contact of the audience once: lists and segments, minus exclusions, suppressions and other statuses", async () => {
    const { owner, list: customerList } = await customer();
    const customerNews = customerList.id;
    const accountId = owner.principal.accountId;
    const at = clock.now;
    const list = async (name: string) =>
      (await createList({ ctx: owner, input: { name, doubleOptIn: false } })).id;
    const [news, offers, staff, other] = [
      customerNews,
      await list("Offers"),
      await list("Staff"),
      await list("Other"),
    ];
    const plan = await createContactField({
      ctx: owner,
      input: { key: "plan", label: "Plan", type: "text" },
    });
    const people: Record<string, string> = {};
    const person = async (name: string, on: [string, ListStatus][], plan = "free") => {
      const id = newId("con");
      people[name] = id;
      await ctx.db.insert(contacts).values({
        id,
        accountId,
        email: `${name}@example.com`,
        attributes: { plan },
        createdAt: at,
        updatedAt: at,
      });
      for (const [listId, status] of on) {
        await ctx.db
          .insert(listMemberships)
          .values({ accountId, listId, contactId: id, status, createdAt: at, updatedAt: at });
      }
    };
    await person("both", [
      [news, "subscribed"],
      [offers, "subscribed"],
    ]);
    await person("news", [[news, "subscribed"]]);
    await person("unconfirmed", [[news, "unconfirmed"]]);
    await person("unsubscribed", [[news, "unsubscribed"]]);
    await person("bounced", [[news, "bounced"]]);
    await person("complained", [[offers, "complained"]]);
    await person("suppressed", [[news, "subscribed"]]);
    await person("staff", [
      [news, "subscribed"],
      [staff, "unsubscribed"],
    ]);
    await person("pro-elsewhere", [[other, "subscribed"]], "pro");
    await person("pro-nowhere", [[other, "unsubscribed"]], "pro");
    await person("excluded-pro", [[news, "subscribed"]], "vip");
    await ctx.db.insert(suppressions).values({
      id: newId("sup"),
      accountId,
      email: "suppressed@example.com",
      reason: "hard_bounce",
      createdAt: at,
    });
    const pros = await createSegment({
      ctx: owner,
      input: { name: "Pros", filter: { field: "attributes.plan", op: "eq", value: "pro" } },
    });
    const vips = await createSegment({
      ctx: owner,
      input: { name: "VIPs", filter: { field: "attributes.plan", op: "eq", value: "vip" } },
    });
    // Another account's subscribed contact with the same address is never part of it.
    const elsewhere = await customer();
    const otherList = elsewhere.list.id;
    const stranger = newId("con");
    await ctx.db.insert(contacts).values({
      id: stranger,
      accountId: elsewhere.owner.principal.accountId,
      email: "news@example.com",
      attributes: {},
      createdAt: at,
      updatedAt: at,
    });
    await ctx.db.insert(listMemberships).values({
      accountId: elsewhere.owner.principal.accountId,
      listId: otherList,
      contactId: stranger,
      status: "subscribed",
      createdAt: at,
      updatedAt: at,
    });

    const audience = {
      lists: [news, offers],
      segments: [pros.id],
      excludeLists: [staff],
      excludeSegments: [vips.id],
    };
    const where = await audienceCondition(owner, audience);
    const reached = await ctx.db
      .select({ id: contacts.id })
      .from(contacts)
      .where(where)
      .orderBy(asc(contacts.id));
    const names = Object.fromEntries(Object.entries(people).map(([name, id]) => [id, name]));
    expect(reached.map((r) => names[r.id]).sort()).toEqual(["both", "news", "pro-elsewhere"]);

    // What it refers to is checked again when it is used: a deleted segment, a segment whose field is gone.
    await expect(audienceCondition(owner, { ...audience, lists: [], segments: [] })).rejects.toMatchObject({
      fields: [expect.objectContaining({ path: "audience" })],
    });
    await deleteSegment({ ctx: owner, input: { id: vips.id } });
    await expect(audienceCondition(owner, audience)).rejects.toMatchObject({
      fields: [expect.objectContaining({ path: "audience.excludeSegments[0]" })],
    });
    await deleteContactField({ ctx: owner, input: { id: plan.id } });
    await expect(audienceCondition(owner, { ...audience, excludeSegments: [] })).rejects.toMatchObject({
      fields: [expect.objectContaining({ path: expect.stringMatching(/^audience\.segments\[0\]/) })],
    });
    await deleteList({ ctx: owner, input: { id: offers } });
    await expect(
      audienceCondition(owner, { ...audience, segments: [], excludeSegments: [] }),
    ).rejects.toMatchObject({
      fields: [expect.objectContaining({ path: "audience.lists[1]" })],
    });
  });
});
