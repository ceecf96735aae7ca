import {
  auditLog,
  consentEvents,
  contacts,
  idempotencyKeys,
  listMemberships,
  lists,
  type MessageEventType,
  messageEvents,
  messages,
  newId,
  suppressions,
} from "@edgepost/db";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { eraseContact } from "../src/consent/erase-contact";
import { exportContact } from "../src/consent/export-contact";
import { getConsentProof } from "../src/consent/get-consent-proof";
import { restrictContact } from "../src/consent/restrict-contact";
import type { AccountCtx } from "../src/context";
import { freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-11-30T10:00:00Z") };
const ctx = await freshCtx(clock);
const at = (iso: string) => new Date(iso);

/** A fresh address per test: the no-trace scan looks for it across the whole database. */
const address = () => `ann.${crypto.randomUUID().slice(0, 8)}@example.com`;

async function list(owner: AccountCtx, name: string) {
  const id = newId("lst");
  await ctx.db.insert(lists).values({
    id,
    accountId: owner.principal.accountId,
    name,
    doubleOptIn: true,
    createdAt: at("2026-01-01T00:00:00Z"),
    updatedAt: at("2026-01-01T00:00:00Z"),
  });
  return id;
}

async function contact(owner: AccountCtx, email: string | null, phone: string | null = null) {
  const id = newId("con");
  await ctx.db.insert(contacts).values({
    id,
    accountId: owner.principal.accountId,
    email,
    phone,
    attributes: { first_name: "Ann" },
    createdAt: at("2026-03-01T09:00:00Z"),
    updatedAt: at("2026-03-01T09:00:00Z"),
  });
  return id;
}

async function member(
  owner: AccountCtx,
  listId: string,
  contactId: string,
  status: "subscribed" | "bounced",
) {
  await ctx.db.insert(listMemberships).values({
    accountId: owner.principal.accountId,
    listId,
    contactId,
    status,
    createdAt: at("2026-03-01T09:00:00Z"),
    updatedAt: at("2026-03-02T09:00:00Z"),
  });
}

type Entry = typeof consentEvents.$inferInsert;

async function entry(owner: AccountCtx, contactId: string, fields: Partial<Entry> & Pick<Entry, "action">) {
  const id = newId("cns");
  await ctx.db.insert(consentEvents).values({
    id,
    accountId: owner.principal.accountId,
    contactId,
    source: "form",
    occurredAt: at("2026-03-01T09:00:00Z"),
    ...fields,
  });
  return id;
}

/** A message from the account to these recipients (the first is `toAddress`), with events. */
async function message(
  owner: AccountCtx,
  to: string[],
  extra: Partial<typeof messages.$inferInsert> = {},
  events: { type: MessageEventType; recipient?: string; detail?: string }[] = [{ type: "queued" }],
) {
  const id = newId("msg");
  await ctx.db.insert(messages).values({
    id,
    accountId: owner.principal.accountId,
    channel: "email",
    category: "transactional",
    fromAddress: "shop@acme.example",
    toAddress: to[0] ?? "",
    recipients: { to: to.map((email) => ({ email, name: "Someone" })), cc: [], bcc: [] },
    subject: "Your order",
    text: "Hello",
    html: "<p>Hello</p>",
    status: "sent",
    createdAt: at("2026-04-01T09:00:00Z"),
    ...extra,
  });
  for (const [i, event] of events.entries()) {
    await ctx.db.insert(messageEvents).values({
      id: newId("evt"),
      accountId: owner.principal.accountId,
      messageId: id,
      type: event.type,
      recipient: event.recipient ?? null,
      detail: event.detail ?? null,
      occurredAt: new Date(at("2026-04-01T09:00:00Z").getTime() + i * 1000),
    });
  }
  return id;
}

/** Every (table, column) of text whose value mentions the address in any case, plain or URL-encoded. */
async function traces(email: string) {
  const needles = [email.toLowerCase(), email.toLowerCase().replace("@", "%40")];
  const tables = await ctx.db.$client.execute(
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_\\_%' escape '\\'",
  );
  const found: string[] = [];
  for (const { name } of tables.rows) {
    const columns = await ctx.db.$client.execute(`pragma table_info("${String(name)}")`);
    for (const column of columns.rows) {
      if (!/text|char|clob|^$/i.test(String(column.type))) continue;
      for (const needle of needles) {
        const hits = await ctx.db.$client.execute({
          sql: `select count(*) as n from "${String(name)}" where instr(lower("${String(column.name)}"), ?) > 0`,
          args: [needle],
        });
        if (Number(hits.rows[0]?.n) > 0) found.push(`${String(name)}.${String(column.name)}`);
      }
    }
  }
  return found;
}

/** A contact with two lists, three ledger entries (stored out of order) and a sent message. */
async function subscribed(owner: AccountCtx, email = address()) {
  const news = await list(owner, "News");
  const offers = await list(owner, "Offers");
  const id = await contact(owner, email, "+41791234567");
  await member(owner, news, id, "subscribed");
  await member(owner, offers, id, "subscribed");
  const confirmed = await entry(owner, id, {
    listId: news,
    action: "confirmed",
    sourceRef: "frm_1@3",
    email,
    ip: "203.0.113.7",
    userAgent: "Mozilla/5.0",
    consentText: "Yes, send me the newsletter.",
    confirmedAt: at("2026-03-01T09:05:00Z"),
    occurredAt: at("2026-03-01T09:05:00Z"),
  });
  const signedUp = await entry(owner, id, {
    listId: news,
    action: "subscribed",
    sourceRef: "frm_1@3",
    email,
    ip: "203.0.113.7",
    userAgent: "Mozilla/5.0",
    consentText: "Yes, send me the newsletter.",
    occurredAt: at("2026-03-01T09:00:00Z"),
  });
  const imported = await entry(owner, id, {
    listId: offers,
    action: "subscribed",
    source: "import",
    sourceRef: "imp_7",
    email,
    phone: "+41791234567",
    consentText: "Offers by email and SMS.",
    occurredAt: at("2026-03-02T09:00:00Z"),
  });
  return { id, email, news, offers, entries: [signedUp, confirmed, imported] };
}

describe("getConsentProof", () => {
  it("returns the contact, its lists and every ledger entry in the order it happened", async () => {
    const owner = await newAccount(ctx, "Brasserie du Lac");
    const c = await subscribed(owner);
    const proof = await getConsentProof({ ctx: owner, input: { id: c.id } });
    expect(proof).toEqual({
      format: "edgepost.consent-proof.v1",
      generatedAt: clock.now,
      company: { name: "Brasserie du Lac" },
      contactId: c.id,
      contact: { id: c.id, email: c.email, phone: "+41791234567", createdAt: at("2026-03-01T09:00:00Z") },
      erasedAt: null,
      lists: [
        {
          id: c.news,
          name: "News",
          doubleOptIn: true,
          status: "subscribed",
          since: at("2026-03-02T09:00:00Z"),
        },
        {
          id: c.offers,
          name: "Offers",
          doubleOptIn: true,
          status: "subscribed",
          since: at("2026-03-02T09:00:00Z"),
        },
      ],
      entries: [
        {
          id: c.entries[0],
          action: "subscribed",
          listId: c.news,
          listName: "News",
          source: "form",
          sourceRef: "frm_1@3",
          email: c.email,
          phone: null,
          ip: "203.0.113.7",
          userAgent: "Mozilla/5.0",
          consentText: "Yes, send me the newsletter.",
          confirmedAt: null,
          occurredAt: at("2026-03-01T09:00:00Z"),
        },
        {
          id: c.entries[1],
          action: "confirmed",
          listId: c.news,
          listName: "News",
          source: "form",
          sourceRef: "frm_1@3",
          email: c.email,
          phone: null,
          ip: "203.0.113.7",
          userAgent: "Mozilla/5.0",
          consentText: "Yes, send me the newsletter.",
          confirmedAt: at("2026-03-01T09:05:00Z"),
          occurredAt: at("2026-03-01T09:05:00Z"),
        },
        {
          id: c.entries[2],
          action: "subscribed",
          listId: c.offers,
          listName: "Offers",
          source: "import",
          sourceRef: "imp_7",
          email: c.email,
          phone: "+41791234567",
          ip: null,
          userAgent: null,
          consentText: "Offers by email and SMS.",
          confirmedAt: null,
          occurredAt: at("2026-03-02T09:00:00Z"),
        },
      ],
      imports: [],
    });
  });

  it("is readable by a viewer, refused to a key without contacts:read, and 404 for another account's contact", async () => {
    const owner = await newAccount(ctx);
    const c = await subscribed(owner);
    const viewer = { ...owner, principal: { ...owner.principal, role: "viewer" as const } };
    await expect(getConsentProof({ ctx: viewer, input: { id: c.id } })).resolves.toMatchObject({
      contactId: c.id,
    });
    const key = { ...owner, principal: { ...owner.principal, actor: "key_x", scopes: ["emails:send"] } };
    await expect(getConsentProof({ ctx: key, input: { id: c.id } })).rejects.toMatchObject({
      code: "forbidden",
    });
    const other = await newAccount(ctx);
    await expect(getConsentProof({ ctx: other, input: { id: c.id } })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(getConsentProof({ ctx: owner, input: { id: newId("con") } })).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("exportContact", () => {
  it("has the contact, lists, ledger, suppression and messages with their events, no bodies and no one else's events", async () => {
    const owner = await newAccount(ctx);
    const c = await subscribed(owner);
    await ctx.db.insert(suppressions).values({
      id: newId("sup"),
      accountId: owner.principal.accountId,
      email: c.email,
      reason: "hard_bounce",
      createdAt: at("2026-04-02T00:00:00Z"),
    });
    const shared = await message(owner, ["bob@example.com", c.email.toUpperCase()], { text: "Secret body" }, [
      { type: "queued" },
      { type: "bounced", recipient: "bob@example.com", detail: "bob unknown" },
      { type: "bounced", recipient: c.email, detail: "mailbox full" },
    ]);
    await message(owner, ["carol@example.com"]);
    const exported = await exportContact({ ctx: owner, input: { id: c.id } });
    expect(exported).toMatchObject({
      format: "edgepost.contact-export.v1",
      exportedAt: clock.now,
      contact: { id: c.id, email: c.email, attributes: { first_name: "Ann" } },
      lists: [
        { id: c.news, name: "News", status: "subscribed" },
        { id: c.offers, name: "Offers", status: "subscribed" },
      ],
      suppression: { email: c.email, reason: "hard_bounce" },
      messages: [
        {
          id: shared,
          subject: "Your order",
          status: "sent",
          events: [
            { type: "queued", recipient: null },
            { type: "bounced", recipient: c.email, detail: "mailbox full" },
          ],
        },
      ],
    });
    expect(exported.consent.map((e) => e.id)).toEqual(c.entries);
    expect(JSON.stringify(exported)).not.toMatch(/Secret body|bob@example\.com|carol|bob unknown/);
  });
});

describe("restrictContact", () => {
  it("unsubscribes from every list with a restricted entry each, and suppresses the address", async () => {
    const owner = await newAccount(ctx);
    const c = await subscribed(owner);
    const third = await list(owner, "Bounced one");
    await member(owner, third, c.id, "bounced");
    const result = await restrictContact({ ctx: owner, input: { id: c.id } });
    expect(result).toEqual({ id: c.id, lists: 3, suppressed: true });
    const statuses = await ctx.db
      .select({ listId: listMemberships.listId, status: listMemberships.status })
      .from(listMemberships)
      .where(eq(listMemberships.contactId, c.id));
    expect(Object.fromEntries(statuses.map((s) => [s.listId, s.status]))).toEqual({
      [c.news]: "unsubscribed",
      [c.offers]: "unsubscribed",
      [third]: "bounced",
    });
    const restricted = await ctx.db
      .select()
      .from(consentEvents)
      .where(and(eq(consentEvents.contactId, c.id), eq(consentEvents.action, "restricted")));
    expect(restricted.map((e) => e.listId).sort()).toEqual([c.news, c.offers, third].sort());
    expect(restricted[0]).toMatchObject({
      source: "manual",
      sourceRef: owner.principal.actor,
      email: c.email,
      occurredAt: clock.now,
    });
    const [suppressed] = await ctx.db
      .select()
      .from(suppressions)
      .where(eq(suppressions.accountId, owner.principal.accountId));
    expect(suppressed).toMatchObject({ email: c.email, reason: "unsubscribe" });
    const log = await ctx.db.select().from(auditLog).where(eq(auditLog.accountId, owner.principal.accountId));
    expect(log.map((e) => [e.action, e.target])).toContainEqual(["contact.restricted", c.id]);

    // Twice is harmless: one suppression still.
    await restrictContact({ ctx: owner, input: { id: c.id } });
    expect(await ctx.db.$count(suppressions, eq(suppressions.accountId, owner.principal.accountId))).toBe(1);
  });

  it("needs contacts:write and an active account", async () => {
    const owner = await newAccount(ctx);
    const c = await subscribed(owner);
    const viewer = { ...owner, principal: { ...owner.principal, role: "viewer" as const } };
    await expect(restrictContact({ ctx: viewer, input: { id: c.id } })).rejects.toMatchObject({
      code: "forbidden",
    });
    const suspended = { ...owner, principal: { ...owner.principal, accountStatus: "suspended" as const } };
    await expect(restrictContact({ ctx: suspended, input: { id: c.id } })).rejects.toMatchObject({
      code: "account_suspended",
    });
  });
});

describe("eraseContact", () => {
  it("leaves no trace of the address anywhere, keeps tombstones, and answers 404 afterwards", async () => {
    const owner = await newAccount(ctx);
    const c = await subscribed(owner);
    const mixed = c.email.replace("ann", "Ann");
    await ctx.db.insert(suppressions).values({
      id: newId("sup"),
      accountId: owner.principal.accountId,
      email: c.email,
      reason: "complaint",
      createdAt: at("2026-04-02T00:00:00Z"),
    });
    const alone = await message(
      owner,
      [mixed],
      {
        subject: `Welcome ${c.email}`,
        text: `Your login is ${mixed}. Unsubscribe: https://x.example/u?e=${c.email.replace("@", "%40")}`,
        html: `<p>Your login is ${c.email}</p>`,
        replyTo: { email: "help@acme.example" },
        metadata: { contact: c.email },
        tags: ["welcome"],
      },
      [
        { type: "queued" },
        { type: "bounced", recipient: mixed, detail: `550 5.1.1 <${c.email}>: user unknown` },
      ],
    );
    const shared = await message(owner, ["bob@example.com"], {
      recipients: {
        to: [{ email: "bob@example.com", name: "Bob" }],
        cc: [{ email: c.email, name: "Ann Müller" }],
        bcc: [],
      },
    });
    // Someone whose address contains this one is left alone.
    const lookalike = `jo${c.email}`;
    const theirs = await message(owner, [lookalike]);
    await ctx.db.insert(idempotencyKeys).values({
      accountId: owner.principal.accountId,
      key: "k1",
      operation: "POST /v1/contacts",
      requestHash: "h",
      responseStatus: 201,
      responseBody: JSON.stringify({ id: c.id, email: c.email }),
      createdAt: clock.now,
      expiresAt: new Date(clock.now.getTime() + 86_400_000),
    });
    // Another account knows the same person: its data is its own and stays.
    const other = await newAccount(ctx);
    const elsewhere = await contact(other, c.email);

    expect(await traces(c.email)).not.toEqual([]);
    const result = await eraseContact({ ctx: owner, input: { id: c.id } });
    expect(result).toEqual({ id: c.id, erasedAt: clock.now, suppressed: false, messages: 2, events: 1 });

    // Only the other account's contact and the lookalike address still have it.
    const [m3] = await ctx.db.select().from(messages).where(eq(messages.id, theirs));
    expect(m3?.toAddress).toBe(lookalike);
    await ctx.db.delete(contacts).where(eq(contacts.id, elsewhere));
    await ctx.db.delete(messageEvents).where(eq(messageEvents.messageId, theirs));
    await ctx.db.delete(messages).where(eq(messages.id, theirs));
    expect(await traces(c.email)).toEqual([]);

    const [m1] = await ctx.db.select().from(messages).where(eq(messages.id, alone));
    expect(m1).toMatchObject({
      toAddress: "erased@invalid",
      recipients: { to: [{ email: "erased@invalid" }], cc: [], bcc: [] },
      subject: "Welcome erased@invalid",
      text: "Your login is erased@invalid. Unsubscribe: https://x.example/u?e=erased@invalid",
      replyTo: { email: "help@acme.example" },
      metadata: { contact: "erased@invalid" },
      status: "sent",
    });
    const [m2] = await ctx.db.select().from(messages).where(eq(messages.id, shared));
    expect(m2?.recipients).toEqual({
      to: [{ email: "bob@example.com", name: "Bob" }],
      cc: [{ email: "erased@invalid" }],
      bcc: [],
    });
    const events = await ctx.db
      .select()
      .from(messageEvents)
      .where(eq(messageEvents.messageId, alone))
      .orderBy(asc(messageEvents.occurredAt));
    expect(events.map((e) => [e.type, e.recipient, e.detail])).toEqual([
      ["queued", null, null],
      ["bounced", null, "550 5.1.1 <erased@invalid>: user unknown"],
    ]);

    // The ledger keeps what happened, how and when, and says it was erased.
    const proof = await getConsentProof({ ctx: owner, input: { id: c.id } });
    expect(proof.contact).toBeNull();
    expect(proof.erasedAt).toEqual(clock.now);
    expect(proof.lists).toEqual([]);
    expect(proof.entries.map((e) => [e.id, e.action, e.source, e.sourceRef, e.occurredAt])).toEqual([
      [c.entries[0], "subscribed", "form", "frm_1@3", at("2026-03-01T09:00:00Z")],
      [c.entries[1], "confirmed", "form", "frm_1@3", at("2026-03-01T09:05:00Z")],
      [c.entries[2], "subscribed", "import", "imp_7", at("2026-03-02T09:00:00Z")],
      [expect.stringMatching(/^cns_/), "erased", "manual", owner.principal.actor, clock.now],
    ]);
    expect(proof.entries[1]?.confirmedAt).toEqual(at("2026-03-01T09:05:00Z"));
    for (const e of proof.entries) {
      expect([e.email, e.phone, e.ip, e.userAgent, e.consentText]).toEqual([null, null, null, null, null]);
    }
    const log = await ctx.db.select().from(auditLog).where(eq(auditLog.accountId, owner.principal.accountId));
    expect(log.map((e) => [e.action, e.target])).toContainEqual(["contact.erased", c.id]);

    // Gone: a second erasure, an export and a restriction all answer 404 and change nothing.
    const ledger = await ctx.db.$count(consentEvents, eq(consentEvents.contactId, c.id));
    for (const again of [eraseContact, exportContact, restrictContact]) {
      await expect(again({ ctx: owner, input: { id: c.id } })).rejects.toMatchObject({ code: "not_found" });
    }
    expect(await ctx.db.$count(consentEvents, eq(consentEvents.contactId, c.id))).toBe(ledger);
  });

  it("keeps the address suppressed when asked, and nowhere else", async () => {
    const owner = await newAccount(ctx);
    const c = await subscribed(owner);
    await message(owner, [c.email]);
    const result = await eraseContact({ ctx: owner, input: { id: c.id, suppress: true } });
    expect(result.suppressed).toBe(true);
    expect(await traces(c.email)).toEqual(["suppressions.email"]);
    const [entry] = await ctx.db
      .select()
      .from(suppressions)
      .where(eq(suppressions.accountId, owner.principal.accountId));
    expect(entry).toMatchObject({ email: c.email, reason: "unsubscribe" });
  });

  it("scrubs a long history in chunks", async () => {
    const owner = await newAccount(ctx);
    const c = await subscribed(owner);
    const rows = Array.from({ length: 130 }, () => ({
      id: newId("msg"),
      accountId: owner.principal.accountId,
      channel: "email" as const,
      category: "transactional" as const,
      toAddress: c.email,
      recipients: { to: [{ email: c.email }], cc: [], bcc: [] },
      subject: "Hi",
      text: "Hi",
      createdAt: clock.now,
    }));
    for (let i = 0; i < rows.length; i += 50) await ctx.db.insert(messages).values(rows.slice(i, i + 50));
    const result = await eraseContact({ ctx: owner, input: { id: c.id } });
    expect(result.messages).toBe(130);
    expect(await traces(c.email)).toEqual([]);
  });

  it("needs contacts:erase: an editor may not, and another account's id is 404 with nothing changed", async () => {
    const owner = await newAccount(ctx);
    const c = await subscribed(owner);
    await message(owner, [c.email]);
    const before = await traces(c.email);
    const editor = { ...owner, principal: { ...owner.principal, role: "editor" as const } };
    await expect(eraseContact({ ctx: editor, input: { id: c.id } })).rejects.toMatchObject({
      code: "forbidden",
    });
    const key = { ...owner, principal: { ...owner.principal, actor: "key_x", scopes: ["contacts:write"] } };
    await expect(eraseContact({ ctx: key, input: { id: c.id } })).rejects.toMatchObject({
      code: "forbidden",
    });
    const other = await newAccount(ctx);
    for (const verb of [eraseContact, restrictContact, exportContact, getConsentProof]) {
      await expect(verb({ ctx: other, input: { id: c.id } })).rejects.toMatchObject({ code: "not_found" });
    }
    expect(await traces(c.email)).toEqual(before);
    const [row] = await ctx.db
      .select({ status: listMemberships.status })
      .from(listMemberships)
      .where(and(eq(listMemberships.contactId, c.id), eq(listMemberships.listId, c.news)));
    expect(row?.status).toBe("subscribed");
    expect(await ctx.db.$count(consentEvents, eq(consentEvents.contactId, c.id))).toBe(3);
    const log = await ctx.db.select().from(auditLog).where(eq(auditLog.accountId, other.principal.accountId));
    expect(log.map((e) => e.action)).not.toContain("contact.erased");
    expect(log.map((e) => e.action)).not.toContain("contact.restricted");
  });

  it("erases a contact with only a phone number", async () => {
    const owner = await newAccount(ctx);
    const id = await contact(owner, null, "+41790000001");
    await entry(owner, id, { action: "subscribed", phone: "+41790000001", consentText: "SMS ok" });
    await expect(eraseContact({ ctx: owner, input: { id } })).resolves.toMatchObject({ suppressed: false });
    expect(await traces("+41790000001")).toEqual([]);
  });
});
