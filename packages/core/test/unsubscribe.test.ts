import {
  accounts,
  campaignEvents,
  campaigns,
  consentEvents,
  contacts,
  dailyStats,
  type ListStatus,
  listMemberships,
} from "@edgepost/db";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createCampaign } from "../src/campaigns/create-campaign";
import { deleteCampaign } from "../src/campaigns/delete-campaign";
import { recipientToken } from "../src/campaigns/recipient-token";
import { eraseContact } from "../src/consent/erase-contact";
import { createContact } from "../src/contacts/create-contact";
import { createContactField } from "../src/contacts/create-contact-field";
import { createList } from "../src/contacts/create-list";
import { deleteList } from "../src/contacts/delete-list";
import type { AccountCtx } from "../src/context";
import { createSegment } from "../src/segments/create-segment";
import { findLinkRecipient } from "../src/unsubscribe/find-recipient";
import { listPreferences } from "../src/unsubscribe/list-preferences";
import { savePreferences } from "../src/unsubscribe/save-preferences";
import { unsubscribeRecipient } from "../src/unsubscribe/unsubscribe-recipient";
import { freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-12-08T10:00:00Z") };
const ctx = await freshCtx(clock);
const secret = "unsubscribe-test-signing-secret-0123456789";
const origin = { ip: "198.51.100.4", userAgent: "Mail/1.0" };

/** An account with three lists (A, B on double opt-in, C). */
async function customer(name = "Acme") {
  const owner = await newAccount(ctx, name);
  const a = await createList({ ctx: owner, input: { name: "A", doubleOptIn: false } });
  const b = await createList({ ctx: owner, input: { name: "B", doubleOptIn: true } });
  const c = await createList({ ctx: owner, input: { name: "C", doubleOptIn: false } });
  return { owner, lists: { a: a.id, b: b.id, c: c.id } };
}

/** A contact with these statuses, written as the list operations would leave them. */
async function contactOn(owner: AccountCtx, statuses: Record<string, ListStatus>, attributes = {}) {
  const contact = await createContact({
    ctx: owner,
    input: { email: `${crypto.randomUUID().slice(0, 8)}@example.com`, attributes },
  });
  const now = ctx.now();
  const rows = Object.entries(statuses).map(([listId, status]) => ({
    accountId: owner.principal.accountId,
    listId,
    contactId: contact.id,
    status,
    createdAt: now,
    updatedAt: now,
  }));
  if (rows.length > 0) await ctx.db.insert(listMemberships).values(rows);
  return contact;
}

/** A campaign of this audience, moved to `sending` as starting it would. */
async function sending(owner: AccountCtx, audience: { lists?: string[]; segments?: string[] }) {
  const campaign = await createCampaign({ ctx: owner, input: { name: "December news", audience } });
  await ctx.db.update(campaigns).set({ status: "sending" }).where(eq(campaigns.id, campaign.id));
  return campaign.id;
}

async function recipientOf(campaignId: string, contactId: string) {
  const token = await recipientToken(secret, { campaignId, contactId }, clock.now);
  const recipient = await findLinkRecipient({ ctx, input: { secret, token } });
  if (!recipient) throw new Error("the recipient should be found");
  return recipient;
}

async function statuses(contactId: string) {
  const rows = await ctx.db
    .select({ listId: listMemberships.listId, status: listMemberships.status })
    .from(listMemberships)
    .where(eq(listMemberships.contactId, contactId));
  return Object.fromEntries(rows.map((r) => [r.listId, r.status]));
}

const ledgerOf = (contactId: string) =>
  ctx.db
    .select()
    .from(consentEvents)
    .where(eq(consentEvents.contactId, contactId))
    .orderBy(asc(consentEvents.listId));

const eventsOf = (campaignId: string) =>
  ctx.db.select().from(campaignEvents).where(eq(campaignEvents.campaignId, campaignId));

const statsOf = (campaignId: string) =>
  ctx.db
    .select({ day: dailyStats.day, unsubscribes: dailyStats.unsubscribes })
    .from(dailyStats)
    .where(eq(dailyStats.campaignId, campaignId));

describe("unsubscribing from a campaign message", () => {
  it("one-click leaves the audience's lists, one ledger entry per change, counted once; a second click changes nothing", async () => {
    const { owner, lists } = await customer();
    const campaignId = await sending(owner, { lists: [lists.a, lists.b] });
    const ann = await contactOn(owner, {
      [lists.a]: "subscribed",
      [lists.b]: "unconfirmed",
      [lists.c]: "subscribed",
    });
    const recipient = await recipientOf(campaignId, ann.id);

    expect(await unsubscribeRecipient({ ctx, input: { recipient, ...origin } })).toEqual({ changed: 2 });
    expect(await statuses(ann.id)).toEqual({
      [lists.a]: "unsubscribed",
      [lists.b]: "unsubscribed",
      [lists.c]: "subscribed",
    });
    const ledger = await ledgerOf(ann.id);
    expect(ledger).toHaveLength(2);
    for (const entry of ledger) {
      expect(entry).toMatchObject({
        accountId: owner.principal.accountId,
        action: "unsubscribed",
        source: "campaign",
        sourceRef: campaignId,
        email: ann.email,
        ip: origin.ip,
        userAgent: origin.userAgent,
        occurredAt: clock.now,
      });
    }
    expect(ledger.map((e) => e.listId).sort()).toEqual([lists.a, lists.b].sort());
    expect(new Set(ledger.map((e) => e.id)).size).toBe(2);
    expect(await eventsOf(campaignId)).toMatchObject([
      { contactId: ann.id, type: "unsubscribed", machine: false, userAgent: origin.userAgent },
    ]);
    expect(await statsOf(campaignId)).toEqual([{ day: "2026-12-08", unsubscribes: 1 }]);

    expect(await unsubscribeRecipient({ ctx, input: { recipient, ...origin } })).toEqual({ changed: 0 });
    expect(await ledgerOf(ann.id)).toHaveLength(2);
    expect(await eventsOf(campaignId)).toHaveLength(1);
    expect(await statsOf(campaignId)).toEqual([{ day: "2026-12-08", unsubscribes: 1 }]);

    // A second contact the same day adds to the same row of the day's statistics.
    const bob = await contactOn(owner, { [lists.a]: "subscribed" });
    await unsubscribeRecipient({ ctx, input: { recipient: await recipientOf(campaignId, bob.id) } });
    expect(await statsOf(campaignId)).toEqual([{ day: "2026-12-08", unsubscribes: 2 }]);
  });

  it("leaves every list of the account when the audience has no lists, or its lists are gone", async () => {
    const { owner, lists } = await customer();
    const segment = await createSegment({
      ctx: owner,
      input: { name: "On A", filter: { list: lists.a, status: "subscribed" } },
    });
    const segmentsOnly = await sending(owner, { segments: [segment.id] });
    const ann = await contactOn(owner, {
      [lists.a]: "subscribed",
      [lists.c]: "subscribed",
      [lists.b]: "bounced",
    });
    const result = await unsubscribeRecipient({
      ctx,
      input: { recipient: await recipientOf(segmentsOnly, ann.id) },
    });
    expect(result).toEqual({ changed: 2 });
    expect(await statuses(ann.id)).toEqual({
      [lists.a]: "unsubscribed",
      [lists.b]: "bounced",
      [lists.c]: "unsubscribed",
    });

    const gone = await createList({ ctx: owner, input: { name: "Gone", doubleOptIn: false } });
    const toGone = await sending(owner, { lists: [gone.id] });
    const bob = await contactOn(owner, { [gone.id]: "subscribed", [lists.c]: "subscribed" });
    await deleteList({ ctx: owner, input: { id: gone.id } });
    await unsubscribeRecipient({ ctx, input: { recipient: await recipientOf(toGone, bob.id) } });
    expect(await statuses(bob.id)).toEqual({ [lists.c]: "unsubscribed" });
  });

  it("leaves every list when the contact was reached through a segment and is on none of the audience's lists", async () => {
    const { owner, lists } = await customer();
    const segment = await createSegment({
      ctx: owner,
      input: { name: "On C", filter: { list: lists.c, status: "subscribed" } },
    });
    const mixed = await sending(owner, { lists: [lists.a], segments: [segment.id] });
    const ann = await contactOn(owner, { [lists.c]: "subscribed" });
    await unsubscribeRecipient({ ctx, input: { recipient: await recipientOf(mixed, ann.id) } });
    expect(await statuses(ann.id)).toEqual({ [lists.c]: "unsubscribed" });
  });

  it("refuses a tampered, foreign-signed or expired token, an erased contact and a deleted campaign", async () => {
    const { owner, lists } = await customer();
    const campaignId = await sending(owner, { lists: [lists.a] });
    const ann = await contactOn(owner, { [lists.a]: "subscribed" });
    const token = await recipientToken(secret, { campaignId, contactId: ann.id }, clock.now);
    const find = (t: string, s = secret) => findLinkRecipient({ ctx, input: { secret: s, token: t } });

    expect(await find(token)).toMatchObject({ campaignId, contact: { id: ann.id } });
    const [body = "", mac = ""] = token.split(".");
    const flipped = `${body}.${mac.startsWith("A") ? "B" : "A"}${mac.slice(1)}`;
    expect(await find(flipped)).toBeUndefined();
    expect(await find(`${body}x.${mac}`)).toBeUndefined();
    expect(await find(body)).toBeUndefined();
    expect(await find(token, "another-secret-of-at-least-32-characters!")).toBeUndefined();
    const old = await recipientToken(
      secret,
      { campaignId, contactId: ann.id },
      new Date("2020-01-01T00:00:00Z"),
    );
    expect(await find(old)).toBeUndefined();

    const draft = await createCampaign({
      ctx: owner,
      input: { name: "Draft", audience: { lists: [lists.a] } },
    });
    const toDraft = await recipientToken(secret, { campaignId: draft.id, contactId: ann.id }, clock.now);
    await deleteCampaign({ ctx: owner, input: { id: draft.id } });
    expect(await find(toDraft)).toBeUndefined();

    await eraseContact({ ctx: owner, input: { id: ann.id } });
    expect(await find(token)).toBeUndefined();
  });

  it("never reaches another account: its contact is not found through this account's campaign, its lists are untouched", async () => {
    const mine = await customer("Mine");
    const theirs = await customer("Theirs");
    const campaignId = await sending(mine.owner, { segments: [] });
    const ann = await contactOn(mine.owner, { [mine.lists.a]: "subscribed" });
    const stranger = await contactOn(theirs.owner, {
      [theirs.lists.a]: "subscribed",
      [theirs.lists.c]: "subscribed",
    });

    const crossed = await recipientToken(secret, { campaignId, contactId: stranger.id }, clock.now);
    expect(await findLinkRecipient({ ctx, input: { secret, token: crossed } })).toBeUndefined();

    await unsubscribeRecipient({ ctx, input: { recipient: await recipientOf(campaignId, ann.id) } });
    expect(await statuses(ann.id)).toEqual({ [mine.lists.a]: "unsubscribed" });
    expect(await statuses(stranger.id)).toEqual({
      [theirs.lists.a]: "subscribed",
      [theirs.lists.c]: "subscribed",
    });
    const ledger = await ctx.db
      .select()
      .from(consentEvents)
      .where(eq(consentEvents.accountId, theirs.owner.principal.accountId));
    expect(ledger.filter((e) => e.action === "unsubscribed")).toEqual([]);
  });
});

describe("the preference centre", () => {
  it("shows the account's lists with the contact's status, and saving leaves only the unticked lists it showed", async () => {
    const { owner, lists } = await customer();
    const campaignId = await sending(owner, { lists: [lists.a] });
    const ann = await contactOn(owner, {
      [lists.a]: "subscribed",
      [lists.b]: "unsubscribed",
      [lists.c]: "subscribed",
    });
    const recipient = await recipientOf(campaignId, ann.id);
    expect(recipient.accountName).toBe("Acme");
    expect(await listPreferences({ ctx, input: { recipient } })).toEqual([
      { id: lists.a, name: "A", status: "subscribed", subscribed: true },
      { id: lists.b, name: "B", status: "unsubscribed", subscribed: false },
      { id: lists.c, name: "C", status: "subscribed", subscribed: true },
    ]);

    const later = await createList({ ctx: owner, input: { name: "Later", doubleOptIn: false } });
    await ctx.db.insert(listMemberships).values({
      accountId: owner.principal.accountId,
      listId: later.id,
      contactId: ann.id,
      status: "subscribed",
      createdAt: clock.now,
      updatedAt: clock.now,
    });
    const saved = await savePreferences({
      ctx,
      input: { recipient, shown: [lists.a, lists.c], kept: [lists.a, lists.b], ...origin },
    });
    expect(saved).toEqual({ changed: 1 });
    // Ticking B does not subscribe again; Later was not on the page and stays.
    expect(await statuses(ann.id)).toEqual({
      [lists.a]: "subscribed",
      [lists.b]: "unsubscribed",
      [lists.c]: "unsubscribed",
      [later.id]: "subscribed",
    });
    expect(await ledgerOf(ann.id)).toMatchObject([
      { listId: lists.c, action: "unsubscribed", source: "campaign", sourceRef: campaignId, ip: origin.ip },
    ]);
    expect(await statsOf(campaignId)).toEqual([{ day: "2026-12-08", unsubscribes: 1 }]);

    expect(await savePreferences({ ctx, input: { recipient, shown: [lists.c], kept: [] } })).toEqual({
      changed: 0,
    });
    expect(await statsOf(campaignId)).toEqual([{ day: "2026-12-08", unsubscribes: 1 }]);
    await expect(
      savePreferences({ ctx, input: { recipient, shown: ["lst_not-an-id"], kept: [] } }),
    ).rejects.toThrow();
  });

  it("shows nothing of a closed account, yet still honours its unsubscribes", async () => {
    const { owner, lists } = await customer();
    const campaignId = await sending(owner, { lists: [lists.a] });
    const ann = await contactOn(owner, { [lists.a]: "subscribed" });
    await ctx.db
      .update(accounts)
      .set({ status: "closed", closedAt: clock.now })
      .where(eq(accounts.id, owner.principal.accountId));
    const recipient = await recipientOf(campaignId, ann.id);
    expect(recipient.accountName).toBeUndefined();
    expect(await listPreferences({ ctx, input: { recipient } })).toEqual([]);
    expect(await unsubscribeRecipient({ ctx, input: { recipient } })).toEqual({ changed: 1 });
    expect(await statuses(ann.id)).toEqual({ [lists.a]: "unsubscribed" });
  });

  it("reads the contact's language from its language or locale field, only while the account has that field", async () => {
    const { owner, lists } = await customer();
    const campaignId = await sending(owner, { lists: [lists.a] });
    const ann = await contactOn(owner, {});
    // An attribute without a field of the account (left by a deleted field) says nothing.
    await ctx.db
      .update(contacts)
      .set({ attributes: { language: "de", locale: "it-CH" } })
      .where(eq(contacts.id, ann.id));
    expect((await recipientOf(campaignId, ann.id)).language).toBeUndefined();

    await createContactField({ ctx: owner, input: { key: "locale", label: "Locale", type: "text" } });
    expect((await recipientOf(campaignId, ann.id)).language).toBe("it-CH");
    await createContactField({ ctx: owner, input: { key: "language", label: "Language", type: "text" } });
    expect((await recipientOf(campaignId, ann.id)).language).toBe("de");
    await ctx.db
      .update(contacts)
      .set({ attributes: { locale: "pt-BR" } })
      .where(and(eq(contacts.id, ann.id), eq(contacts.accountId, owner.principal.accountId)));
    expect((await recipientOf(campaignId, ann.id)).language).toBe("pt-BR");
  });
});
