import { env } from "cloudflare:test";
import { createCtx, issueApiKey } from "@edgepost/core";
import {
  auditLog,
  consentEvents,
  contacts,
  listMemberships,
  lists,
  messageEvents,
  messages,
  newId,
  suppressions,
} from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sendDirect } from "./operations";
import { db, newTenant, rowCounts, type Tenant } from "./seed";

const HOSTILE_TEXT = `I agree <script>alert("text")</script> & "more"`;
const HOSTILE_AGENT = `Mozilla/5.0 <script>alert('ua')</script>`;

/** A contact of the tenant on two lists, with three ledger entries (stored out of order) and a message with events. */
async function seeded(tenant: Tenant) {
  const email = `ann.${crypto.randomUUID().slice(0, 8)}@example.com`;
  const accountId = tenant.accountId;
  const t = (iso: string) => new Date(iso);
  const [news, offers, id, messageId] = [newId("lst"), newId("lst"), newId("con"), newId("msg")];
  const entries = [newId("cns"), newId("cns"), newId("cns")] as const;
  await db.batch([
    db.insert(lists).values([
      {
        id: news,
        accountId,
        name: "News",
        createdAt: t("2026-01-01T00:00:00Z"),
        updatedAt: t("2026-01-01T00:00:00Z"),
      },
      {
        id: offers,
        accountId,
        name: "Offers",
        createdAt: t("2026-01-01T00:00:00Z"),
        updatedAt: t("2026-01-01T00:00:00Z"),
      },
    ]),
    db.insert(contacts).values({
      id,
      accountId,
      email,
      createdAt: t("2026-03-01T09:00:00Z"),
      updatedAt: t("2026-03-01T09:00:00Z"),
    }),
    db.insert(listMemberships).values([
      {
        accountId,
        listId: news,
        contactId: id,
        status: "subscribed",
        createdAt: t("2026-03-01T09:00:00Z"),
        updatedAt: t("2026-03-01T09:05:00Z"),
      },
      {
        accountId,
        listId: offers,
        contactId: id,
        status: "unconfirmed",
        createdAt: t("2026-03-02T09:00:00Z"),
        updatedAt: t("2026-03-02T09:00:00Z"),
      },
    ]),
    db.insert(consentEvents).values([
      {
        id: entries[1],
        accountId,
        contactId: id,
        listId: news,
        action: "confirmed",
        source: "form",
        sourceRef: "frm_1@3",
        email,
        ip: "203.0.113.7",
        userAgent: HOSTILE_AGENT,
        consentText: HOSTILE_TEXT,
        confirmedAt: t("2026-03-01T09:05:00Z"),
        occurredAt: t("2026-03-01T09:05:00Z"),
      },
      {
        id: entries[0],
        accountId,
        contactId: id,
        listId: news,
        action: "subscribed",
        source: "form",
        sourceRef: "frm_1@3",
        email,
        ip: "203.0.113.7",
        userAgent: HOSTILE_AGENT,
        consentText: HOSTILE_TEXT,
        occurredAt: t("2026-03-01T09:00:00Z"),
      },
      {
        id: entries[2],
        accountId,
        contactId: id,
        listId: offers,
        action: "subscribed",
        source: "api",
        sourceRef: tenant.keyId,
        email,
        consentText: "Offers by email.",
        occurredAt: t("2026-03-02T09:00:00Z"),
      },
    ]),
    db.insert(messages).values({
      id: messageId,
      accountId,
      channel: "email",
      category: "transactional",
      fromAddress: "shop@acme.example",
      toAddress: email,
      recipients: { to: [{ email, name: "Ann" }], cc: [{ email: "bob@example.com" }], bcc: [] },
      subject: `Hello ${email}`,
      text: "Body text",
      status: "bounced",
      createdAt: t("2026-04-01T09:00:00Z"),
    }),
    db.insert(messageEvents).values([
      { id: newId("evt"), accountId, messageId, type: "queued", occurredAt: t("2026-04-01T09:00:00Z") },
      {
        id: newId("evt"),
        accountId,
        messageId,
        type: "bounced",
        recipient: email,
        detail: `550 <${email}> unknown`,
        occurredAt: t("2026-04-01T09:01:00Z"),
      },
      {
        id: newId("evt"),
        accountId,
        messageId,
        type: "delivered",
        recipient: "bob@example.com",
        occurredAt: t("2026-04-01T09:01:00Z"),
      },
    ]),
  ]);
  return { id, email, news, offers, entries, messageId };
}

/** Every table.column whose text mentions the address (a walk over sqlite_master). */
async function traces(email: string) {
  const tables = await db.$client.execute(
    "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '\\_\\_%' escape '\\'",
  );
  const found: string[] = [];
  for (const { name } of tables.rows) {
    const columns = await db.$client.execute(`pragma table_info("${String(name)}")`);
    for (const column of columns.rows) {
      if (!/text|char|clob|^$/i.test(String(column.type))) continue;
      const hits = await db.$client.execute({
        sql: `select count(*) as n from "${String(name)}" where instr(lower("${String(column.name)}"), ?) > 0`,
        args: [email.toLowerCase()],
      });
      if (Number(hits.rows[0]?.n) > 0) found.push(`${String(name)}.${String(column.name)}`);
    }
  }
  return found;
}

const get = (path: string, headers: Record<string, string>) => sendDirect("GET", path, headers);

describe("GET /v1/contacts/{id}/consent-proof", () => {
  it("answers JSON with the company, the lists and every entry in order", async () => {
    const a = await newTenant();
    const c = await seeded(a);
    const res = await get(`/v1/contacts/${c.id}/consent-proof`, a.headers);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const proof = (await res.json()) as Record<string, unknown>;
    expect(proof).toEqual({
      format: "edgepost.consent-proof.v1",
      generatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      company: { name: "Test Co" },
      contactId: c.id,
      contact: { id: c.id, email: c.email, phone: null, createdAt: "2026-03-01T09:00:00.000Z" },
      erasedAt: null,
      lists: [
        {
          id: c.news,
          name: "News",
          doubleOptIn: true,
          status: "subscribed",
          since: "2026-03-01T09:05:00.000Z",
        },
        {
          id: c.offers,
          name: "Offers",
          doubleOptIn: true,
          status: "unconfirmed",
          since: "2026-03-02T09:00:00.000Z",
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
          userAgent: HOSTILE_AGENT,
          consentText: HOSTILE_TEXT,
          confirmedAt: null,
          occurredAt: "2026-03-01T09:00:00.000Z",
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
          userAgent: HOSTILE_AGENT,
          consentText: HOSTILE_TEXT,
          confirmedAt: "2026-03-01T09:05:00.000Z",
          occurredAt: "2026-03-01T09:05:00.000Z",
        },
        {
          id: c.entries[2],
          action: "subscribed",
          listId: c.offers,
          listName: "Offers",
          source: "api",
          sourceRef: a.keyId,
          email: c.email,
          phone: null,
          ip: null,
          userAgent: null,
          consentText: "Offers by email.",
          confirmedAt: null,
          occurredAt: "2026-03-02T09:00:00.000Z",
        },
      ],
      imports: [],
    });
  });

  it("answers a printable page, escaped, under a nonce CSP, for Accept: text/html or ?format=html", async () => {
    const a = await newTenant();
    const c = await seeded(a);
    for (const res of [
      await get(`/v1/contacts/${c.id}/consent-proof?format=html`, a.headers),
      await get(`/v1/contacts/${c.id}/consent-proof`, {
        ...a.headers,
        accept: "text/html,application/xhtml+xml",
      }),
    ]) {
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp).toMatch(/default-src 'none'/);
      const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
      expect(nonce).toBeTruthy();
      const html = await res.text();
      expect(html).toContain("Proof of consent");
      expect(html).toContain("Test Co");
      expect(html).toContain(c.email);
      expect(html).toContain(
        "I agree &lt;script&gt;alert(&quot;text&quot;)&lt;/script&gt; &amp; &quot;more&quot;",
      );
      expect(html).toContain("Mozilla/5.0 &lt;script&gt;alert(&#39;ua&#39;)&lt;/script&gt;");
      expect(html).not.toMatch(/<script>alert/);
      // Its only script is its own, under the nonce; nothing is loaded from anywhere.
      expect(html.match(/<script[^>]*>/g)).toEqual([`<script nonce="${nonce}">`]);
      expect(html).not.toMatch(/\bsrc=|<link/);
      expect(html).toContain("@media print");
      // Entries in the order they happened.
      expect(html.indexOf("2026-03-01 09:00:00 UTC")).toBeLessThan(html.indexOf("2026-03-02 09:00:00 UTC"));
    }
    // JSON when the caller prefers it.
    const json = await get(`/v1/contacts/${c.id}/consent-proof`, {
      ...a.headers,
      accept: "application/json",
    });
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
  });
});

describe("GET /v1/contacts/{id}/export", () => {
  it("has the contact, its lists, ledger and messages with events, without bodies or other recipients' events", async () => {
    const a = await newTenant();
    const c = await seeded(a);
    const res = await get(`/v1/contacts/${c.id}/export`, a.headers);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="edgepost-con_/);
    const data = (await res.json()) as Record<string, unknown> & { consent: { id: string }[] };
    expect(data).toMatchObject({
      format: "edgepost.contact-export.v1",
      contact: { id: c.id, email: c.email },
      lists: [
        { name: "News", status: "subscribed" },
        { name: "Offers", status: "unconfirmed" },
      ],
      suppression: null,
      messages: [
        {
          id: c.messageId,
          subject: `Hello ${c.email}`,
          status: "bounced",
          createdAt: "2026-04-01T09:00:00.000Z",
          events: [
            { type: "queued", recipient: null },
            { type: "bounced", recipient: c.email },
          ],
        },
      ],
    });
    expect(data.consent.map((e) => e.id)).toEqual([...c.entries]);
    expect(JSON.stringify(data)).not.toMatch(/Body text|bob@example\.com/);
  });
});

describe("POST /v1/contacts/{id}/restrict", () => {
  it("unsubscribes from every list, writes one restricted entry each and suppresses the address", async () => {
    const a = await newTenant();
    const c = await seeded(a);
    const res = await sendDirect("POST", `/v1/contacts/${c.id}/restrict`, a.headers);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: c.id, lists: 2, suppressed: true });
    const statuses = await db
      .select({ status: listMemberships.status })
      .from(listMemberships)
      .where(eq(listMemberships.contactId, c.id));
    expect(statuses.map((s) => s.status)).toEqual(["unsubscribed", "unsubscribed"]);
    const restricted = await db
      .select({
        listId: consentEvents.listId,
        source: consentEvents.source,
        sourceRef: consentEvents.sourceRef,
      })
      .from(consentEvents)
      .where(and(eq(consentEvents.contactId, c.id), eq(consentEvents.action, "restricted")));
    expect(restricted.map((e) => e.listId).sort()).toEqual([c.news, c.offers].sort());
    expect(restricted[0]).toMatchObject({ source: "api" });
    const listed = (await (await get(`/v1/suppressions?email=${c.email}`, a.headers)).json()) as {
      items: { email: string; reason: string }[];
    };
    expect(listed.items).toMatchObject([{ email: c.email, reason: "unsubscribe" }]);
  });
});

describe("DELETE /v1/contacts/{id}", () => {
  it("erases the address from every table, keeps tombstones, and answers 404 afterwards", async () => {
    const a = await newTenant();
    const c = await seeded(a);
    await db.insert(suppressions).values({
      id: newId("sup"),
      accountId: a.accountId,
      email: c.email,
      reason: "hard_bounce",
      createdAt: new Date(),
    });
    expect(await traces(c.email)).not.toEqual([]);
    const res = await sendDirect("DELETE", `/v1/contacts/${c.id}`, a.headers);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      id: c.id,
      erasedAt: expect.any(String),
      suppressed: false,
      messages: 1,
      events: 1,
    });
    expect(await traces(c.email)).toEqual([]);

    const [message] = await db.select().from(messages).where(eq(messages.id, c.messageId));
    expect(message).toMatchObject({
      toAddress: "erased@invalid",
      subject: "Hello erased@invalid",
      recipients: { to: [{ email: "erased@invalid" }], cc: [{ email: "bob@example.com" }], bcc: [] },
    });
    const log = await db.select().from(auditLog).where(eq(auditLog.accountId, a.accountId));
    expect(log.map((e) => [e.action, e.target])).toContainEqual(["contact.erased", c.id]);

    // The proof still shows what happened, and that it was erased.
    const proof = (await (await get(`/v1/contacts/${c.id}/consent-proof`, a.headers)).json()) as {
      contact: unknown;
      erasedAt: string;
      entries: { action: string; email: string | null; consentText: string | null; occurredAt: string }[];
    };
    expect(proof.contact).toBeNull();
    expect(proof.erasedAt).toEqual(expect.any(String));
    expect(proof.entries.map((e) => e.action)).toEqual(["subscribed", "confirmed", "subscribed", "erased"]);
    expect(proof.entries[0]).toMatchObject({
      email: null,
      consentText: null,
      occurredAt: "2026-03-01T09:00:00.000Z",
    });
    const page = await (await get(`/v1/contacts/${c.id}/consent-proof?format=html`, a.headers)).text();
    expect(page).toContain("This contact was erased");

    const counts = await rowCounts();
    expect((await sendDirect("DELETE", `/v1/contacts/${c.id}`, a.headers)).status).toBe(404);
    expect((await get(`/v1/contacts/${c.id}/export`, a.headers)).status).toBe(404);
    expect((await sendDirect("POST", `/v1/contacts/${c.id}/restrict`, a.headers)).status).toBe(404);
    const after = await rowCounts();
    expect(after.consent_events).toBe(counts.consent_events);
    expect(after.suppressions).toBe(counts.suppressions);
  });

  it("keeps the address suppressed with ?suppress=true, and nowhere else", async () => {
    const a = await newTenant();
    const c = await seeded(a);
    const res = await sendDirect("DELETE", `/v1/contacts/${c.id}?suppress=true`, a.headers);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ suppressed: true });
    expect(await traces(c.email)).toEqual(["suppressions.email"]);
  });

  it("needs contacts:erase", async () => {
    const a = await newTenant();
    const c = await seeded(a);
    const { key } = await issueApiKey(createCtx(env), {
      accountId: a.accountId,
      name: "writer",
      scopes: ["contacts:read", "contacts:write"],
    });
    const res = await sendDirect("DELETE", `/v1/contacts/${c.id}`, { authorization: `Bearer ${key}` });
    expect(res.status).toBe(403);
    expect(await db.$count(contacts, eq(contacts.id, c.id))).toBe(1);
  });
});

describe("another account's contact", () => {
  it("answers 404 to every one of these operations and changes nothing", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const c = await seeded(a);
    const before = { traces: await traces(c.email), counts: await rowCounts() };
    const answers = [
      await get(`/v1/contacts/${c.id}/consent-proof`, b.headers),
      await get(`/v1/contacts/${c.id}/consent-proof?format=html`, b.headers),
      await get(`/v1/contacts/${c.id}/export`, b.headers),
      await sendDirect("POST", `/v1/contacts/${c.id}/restrict`, b.headers),
      await sendDirect("DELETE", `/v1/contacts/${c.id}?suppress=true`, b.headers),
    ];
    expect(answers.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
    for (const r of answers) expect(await r.text()).not.toContain(c.email);
    expect(await traces(c.email)).toEqual(before.traces);
    const after = await rowCounts();
    for (const table of ["contacts", "list_memberships", "consent_events", "suppressions", "messages"]) {
      expect(after[table], table).toBe(before.counts[table]);
    }
    const statuses = await db
      .select({ status: listMemberships.status })
      .from(listMemberships)
      .where(eq(listMemberships.contactId, c.id));
    expect(statuses.map((s) => s.status).sort()).toEqual(["subscribed", "unconfirmed"]);
  });
});
