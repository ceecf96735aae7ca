import { describe, expect, it } from "vitest";
import { sendDirect } from "./operations";
import { newTenant } from "./seed";

type Problem = { status: number; code: string; errors?: { path: string; message: string }[] };

async function call(method: string, path: string, headers: Record<string, string>, json?: unknown) {
  const res = await sendDirect(method, path, headers, json === undefined ? undefined : { json });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get("content-type"),
    body: (text ? JSON.parse(text) : null) as never,
  };
}

const paths = (p: Problem) => (p.errors ?? []).map((e) => e.path);

describe("contacts, refused", () => {
  it("invalid phone numbers, addresses and attributes, naming the field", async () => {
    const a = await newTenant();
    await call("POST", "/v1/contact-fields", a.headers, { key: "age", label: "Age", type: "number" });
    await call("POST", "/v1/contact-fields", a.headers, { key: "born", label: "Born", type: "date" });
    const cases: [unknown, string[]][] = [
      [{ phone: "079 123 45 67" }, ["phone"]],
      [{ phone: "+41 12" }, ["phone"]],
      [{ phone: "079 123 45 67", defaultCountry: "ZZ" }, ["defaultCountry"]],
      [{ email: "nope" }, ["email"]],
      [{}, ["email"]],
      [{ email: "a@example.com", attributes: { colour: "red" } }, ["attributes.colour"]],
      [{ email: "a@example.com", attributes: { age: "41" } }, ["attributes.age"]],
      [{ email: "a@example.com", attributes: { born: "2026-13-01" } }, ["attributes.born"]],
      [{ email: "a@example.com", attributes: { age: { nested: 1 } } }, ["attributes.age"]],
      [{ email: "a@example.com", id: "con_00000000000000000000000000" }, ["id"]],
    ];
    for (const [body, named] of cases) {
      const res = await call("POST", "/v1/contacts", a.headers, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.type).toBe("application/problem+json");
      expect(paths(res.body), JSON.stringify(body)).toEqual(named);
    }
    const badKey = await call("POST", "/v1/contact-fields", a.headers, {
      key: "Age!",
      label: "x",
      type: "text",
    });
    expect(paths(badKey.body)).toEqual(["key"]);
    const dupKey = await call("POST", "/v1/contact-fields", a.headers, {
      key: "age",
      label: "x",
      type: "text",
    });
    expect(dupKey).toMatchObject({ status: 409, body: { code: "conflict" } });
  });

  it("a duplicate email or phone with 409 naming it, and ten concurrent creates of one address but one", async () => {
    const a = await newTenant();
    expect(
      (await call("POST", "/v1/contacts", a.headers, { email: "ann@example.com", phone: "+41791234567" }))
        .status,
    ).toBe(201);
    const email = await call("POST", "/v1/contacts", a.headers, { email: "ANN@example.com" });
    expect(email).toMatchObject({ status: 409, body: { code: "conflict" } });
    expect(paths(email.body)).toEqual(["email"]);
    const phone = await call("POST", "/v1/contacts", a.headers, {
      phone: "0791234567",
      defaultCountry: "CH",
    });
    expect(paths(phone.body)).toEqual(["phone"]);

    const statuses = await Promise.all(
      Array.from(
        { length: 10 },
        async () => (await call("POST", "/v1/contacts", a.headers, { email: "race@example.com" })).status,
      ),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    const found = await call("GET", "/v1/contacts?q=race", a.headers);
    expect((found.body as { items: unknown[] }).items).toHaveLength(1);
  });

  it("another account's contacts, lists and fields with 404", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const contact = (await call("POST", "/v1/contacts", a.headers, { email: "ann@example.com" })).body as {
      id: string;
    };
    const list = (await call("POST", "/v1/lists", a.headers, { name: "A" })).body as { id: string };
    const field = (
      await call("POST", "/v1/contact-fields", a.headers, { key: "x", label: "X", type: "text" })
    ).body as { id: string };
    const bList = (await call("POST", "/v1/lists", b.headers, { name: "B" })).body as { id: string };
    const attempts: [string, string, unknown?][] = [
      ["GET", `/v1/contacts/${contact.id}`],
      ["PATCH", `/v1/contacts/${contact.id}`, { email: "x@example.com" }],
      ["GET", `/v1/lists/${list.id}`],
      ["PATCH", `/v1/lists/${list.id}`, { name: "mine" }],
      ["DELETE", `/v1/lists/${list.id}`],
      ["DELETE", `/v1/contact-fields/${field.id}`],
      ["PUT", `/v1/lists/${bList.id}/contacts/${contact.id}`, { consentText: "Yes" }],
      ["PUT", `/v1/lists/${list.id}/contacts/${contact.id}`, { consentText: "Yes" }],
      ["POST", `/v1/lists/${list.id}/contacts/${contact.id}/confirm`, {}],
      ["POST", `/v1/lists/${list.id}/contacts/${contact.id}/unsubscribe`, {}],
    ];
    for (const [method, path, body] of attempts) {
      const res = await call(method, path, b.headers, body);
      expect(res, `${method} ${path}`).toMatchObject({ status: 404, body: { code: "not_found" } });
    }
    const listed = await call("GET", `/v1/contacts?listId=${list.id}`, b.headers);
    expect(listed.body).toEqual({ items: [], nextCursor: null });
    expect(
      ((await call("GET", `/v1/contacts/${contact.id}`, a.headers)).body as { email: string }).email,
    ).toBe("ann@example.com");
  });

  it("a subscription without consent text, or of a suppressed address", async () => {
    const a = await newTenant();
    const list = (await call("POST", "/v1/lists", a.headers, { name: "News", doubleOptIn: false })).body as {
      id: string;
    };
    const ann = (await call("POST", "/v1/contacts", a.headers, { email: "ann@example.com" })).body as {
      id: string;
    };
    const member = `/v1/lists/${list.id}/contacts/${ann.id}`;
    for (const body of [{}, { consentText: "" }, { consentText: "x".repeat(10_001) }, { consentText: 1 }]) {
      const res = await call("PUT", member, a.headers, body);
      expect(res.status).toBe(400);
      expect(paths(res.body)).toEqual(["consentText"]);
    }
    await call("POST", "/v1/suppressions", a.headers, { email: "ann@example.com" });
    expect(await call("PUT", member, a.headers, { consentText: "Yes" })).toMatchObject({
      status: 409,
      body: { code: "conflict" },
    });
    expect(await call("POST", `${member}/confirm`, a.headers, {})).toMatchObject({ status: 404 });
    expect((await call("POST", "/v1/lists", a.headers, { name: "News" })).status).toBe(409);
  });
});
