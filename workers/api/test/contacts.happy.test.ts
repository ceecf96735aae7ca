import { consentEvents } from "@edgepost/db";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sendDirect } from "./operations";
import { db, newTenant } from "./seed";

type Json = Record<string, unknown>;

async function call(method: string, path: string, headers: Record<string, string>, json?: unknown) {
  const res = await sendDirect(method, path, headers, json === undefined ? undefined : { json });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Json };
}

describe("contact fields and contacts", () => {
  it("define fields, store contacts with typed attributes and an E.164 phone, change and find them", async () => {
    const a = await newTenant();
    const field = await call("POST", "/v1/contact-fields", a.headers, {
      key: "first_name",
      label: "First name",
      type: "text",
    });
    expect(field).toMatchObject({
      status: 201,
      body: { id: expect.stringMatching(/^fld_/), key: "first_name" },
    });
    await call("POST", "/v1/contact-fields", a.headers, {
      key: "signed_up",
      label: "Signed up",
      type: "date",
    });
    const vip = await call("POST", "/v1/contact-fields", a.headers, {
      key: "vip",
      label: "VIP",
      type: "boolean",
    });
    expect((await call("GET", "/v1/contact-fields", a.headers)).body.items).toMatchObject([
      { key: "first_name", type: "text" },
      { key: "signed_up", type: "date" },
      { key: "vip", type: "boolean" },
    ]);

    const created = await call("POST", "/v1/contacts", a.headers, {
      email: "Ann@Example.com",
      phone: "079 123 45 67",
      defaultCountry: "CH",
      attributes: { first_name: "Ann", signed_up: "2026-11-30", vip: true },
    });
    expect(created).toEqual({
      status: 201,
      body: {
        id: expect.stringMatching(/^con_[0-9a-z]{26}$/),
        email: "ann@example.com",
        phone: "+41791234567",
        attributes: { first_name: "Ann", signed_up: "2026-11-30", vip: true },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    });
    const id = created.body.id as string;
    const bob = await call("POST", "/v1/contacts", a.headers, { phone: "+1 (201) 555-0123" });
    expect(bob.body).toMatchObject({ email: null, phone: "+12015550123" });

    const patched = await call("PATCH", `/v1/contacts/${id}`, a.headers, {
      phone: null,
      attributes: { vip: null, first_name: "Anna" },
    });
    expect(patched).toMatchObject({
      status: 200,
      body: {
        email: "ann@example.com",
        phone: null,
        attributes: { first_name: "Anna", signed_up: "2026-11-30" },
      },
    });
    expect(await call("GET", `/v1/contacts/${id}`, a.headers)).toEqual({
      status: 200,
      body: { ...patched.body, memberships: [] },
    });

    const all = await call("GET", "/v1/contacts?limit=1", a.headers);
    expect(all.body).toEqual({ items: [bob.body], nextCursor: bob.body.id });
    const next = await call("GET", `/v1/contacts?limit=1&cursor=${bob.body.id}`, a.headers);
    expect(next.body).toEqual({ items: [patched.body], nextCursor: null });
    expect((await call("GET", "/v1/contacts?q=ANN%40", a.headers)).body.items).toEqual([patched.body]);
    expect(
      (await call("GET", `/v1/contacts?q=${encodeURIComponent("+1201")}`, a.headers)).body.items,
    ).toEqual([bob.body]);

    expect((await call("DELETE", `/v1/contact-fields/${vip.body.id}`, a.headers)).status).toBe(204);
    expect((await call("GET", "/v1/contact-fields", a.headers)).body.items).toHaveLength(2);
  });
});

describe("lists and subscriptions", () => {
  it("subscribe, confirm and unsubscribe a contact, each recorded in the consent ledger", async () => {
    const a = await newTenant();
    const list = await call("POST", "/v1/lists", a.headers, { name: "Newsletter" });
    expect(list).toMatchObject({ status: 201, body: { name: "Newsletter", doubleOptIn: true } });
    const listId = list.body.id as string;
    const contact = await call("POST", "/v1/contacts", a.headers, { email: "ann@example.com" });
    const contactId = contact.body.id as string;
    const member = `/v1/lists/${listId}/contacts/${contactId}`;
    const consentText = "Yes, send me the Acme newsletter once a month.";

    const origin = { "cf-connecting-ip": "198.51.100.9", "user-agent": "Edgepost test" };
    const subscribed = await call("PUT", member, { ...a.headers, ...origin }, { consentText });
    expect(subscribed).toMatchObject({ status: 200, body: { listId, contactId, status: "unconfirmed" } });
    expect((await call("POST", `${member}/confirm`, a.headers, { ip: "203.0.113.7" })).body).toMatchObject({
      status: "subscribed",
    });
    expect((await call("GET", `/v1/contacts/${contactId}`, a.headers)).body.memberships).toMatchObject([
      { listId, listName: "Newsletter", status: "subscribed" },
    ]);
    expect((await call("GET", `/v1/lists/${listId}`, a.headers)).body).toMatchObject({
      id: listId,
      counts: { subscribed: 1, unconfirmed: 0 },
    });
    expect(
      (await call("GET", `/v1/contacts?listId=${listId}&status=subscribed`, a.headers)).body.items,
    ).toMatchObject([{ id: contactId }]);
    // Without a body: the request's address and user agent are recorded.
    const unsubscribed = await sendDirect("POST", `${member}/unsubscribe`, { ...a.headers, ...origin });
    expect(unsubscribed.status).toBe(200);
    expect(await unsubscribed.json()).toMatchObject({ status: "unsubscribed" });

    const ledger = await db
      .select()
      .from(consentEvents)
      .where(eq(consentEvents.contactId, contactId))
      .orderBy(asc(consentEvents.occurredAt), asc(consentEvents.id));
    expect(ledger).toMatchObject([
      {
        action: "subscribed",
        source: "api",
        sourceRef: a.keyId,
        listId,
        email: "ann@example.com",
        ip: "198.51.100.9",
        userAgent: "Edgepost test",
        consentText,
        confirmedAt: null,
      },
      { action: "confirmed", source: "api", ip: "203.0.113.7", confirmedAt: expect.any(Date) },
      { action: "unsubscribed", source: "api", ip: "198.51.100.9", userAgent: "Edgepost test" },
    ]);
    expect(ledger.map((e) => e.accountId)).toEqual([a.accountId, a.accountId, a.accountId]);

    const renamed = await call("PATCH", `/v1/lists/${listId}`, a.headers, {
      name: "Monthly",
      doubleOptIn: false,
    });
    expect(renamed.body).toMatchObject({ name: "Monthly", doubleOptIn: false });
    expect((await call("GET", "/v1/lists", a.headers)).body).toMatchObject({
      items: [{ id: listId, name: "Monthly" }],
      nextCursor: null,
    });
    expect((await call("PUT", member, a.headers, { consentText: "Again" })).body).toMatchObject({
      status: "subscribed",
    });
    expect((await call("DELETE", `/v1/lists/${listId}`, a.headers)).status).toBe(204);
    expect((await call("GET", `/v1/lists/${listId}`, a.headers)).status).toBe(404);
    expect((await call("GET", `/v1/contacts/${contactId}`, a.headers)).body.memberships).toEqual([]);
  });
});
