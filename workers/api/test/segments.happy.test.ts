import { SELF } from "cloudflare:test";
import { type SegmentFilter, segmentFilter } from "@edgepost/core";
import {
  contactFields,
  contacts,
  listMemberships,
  lists,
  messageEvents,
  messages,
  newId,
  segments,
} from "@edgepost/db";
import { OpenAPIHono } from "@hono/zod-openapi";
import { asc, inArray } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppEnv } from "../src/env";
import { registerSegmentRoutes } from "../src/routes/segments/routes";
import { db, newAccountWithKey } from "./seed";

const API = "https://api.test";
const DAY = 86_400_000;

function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return SELF.fetch(`${API}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

interface Segment {
  id: string;
  name: string;
  filter: SegmentFilter;
  createdAt: string;
  updatedAt: string;
}
interface ContactPage {
  items: { id: string; email: string | null; attributes: Record<string, unknown> }[];
  nextCursor: string | null;
}
type Tenant = Awaited<ReturnType<typeof newAccountWithKey>>;

let seq = 0;
async function addContact(
  accountId: string,
  email: string | null,
  attributes: Record<string, string | number>,
) {
  const now = new Date();
  const id = newId("con", now.getTime() + seq++);
  await db.insert(contacts).values({ id, accountId, email, attributes, createdAt: now, updatedAt: now });
  return id;
}

async function defineFields(accountId: string) {
  await db.insert(contactFields).values(
    (["plan", "score"] as const).map((key) => ({
      id: newId("fld"),
      accountId,
      key,
      label: key,
      type: key === "plan" ? ("text" as const) : ("number" as const),
      createdAt: new Date(),
    })),
  );
}

/** What the tenants own in the tables a segment reads, to show a filter changed nothing. */
async function snapshot(accountIds: string[]) {
  return {
    contacts: await db
      .select()
      .from(contacts)
      .where(inArray(contacts.accountId, accountIds))
      .orderBy(asc(contacts.id)),
    fields: await db
      .select()
      .from(contactFields)
      .where(inArray(contactFields.accountId, accountIds))
      .orderBy(asc(contactFields.id)),
    segments: await db
      .select()
      .from(segments)
      .where(inArray(segments.accountId, accountIds))
      .orderBy(asc(segments.id)),
  };
}

describe("/v1/segments", () => {
  let tenant: Tenant;
  let stranger: Tenant;
  const people: Record<string, string> = {};
  let news: string;

  beforeAll(async () => {
    tenant = await newAccountWithKey();
    stranger = await newAccountWithKey();
    await defineFields(tenant.accountId);
    await defineFields(stranger.accountId);
    people.ann = await addContact(tenant.accountId, "ann@example.com", { plan: "pro", score: 10 });
    people.bob = await addContact(tenant.accountId, "bob@example.com", { plan: "free", score: 2 });
    people.cy = await addContact(tenant.accountId, "cy@example.com", { plan: "pro plus" });
    await addContact(stranger.accountId, "ann@example.com", { plan: "pro", score: 10 });

    const now = new Date();
    news = newId("lst");
    await db
      .insert(lists)
      .values({ id: news, accountId: tenant.accountId, name: "News", createdAt: now, updatedAt: now });
    await db.insert(listMemberships).values(
      [
        [people.ann, "subscribed"],
        [people.bob, "unsubscribed"],
      ].map(([contactId, status]) => ({
        accountId: tenant.accountId,
        listId: news,
        contactId: contactId as string,
        status: status as "subscribed",
        createdAt: now,
        updatedAt: now,
      })),
    );
    const messageId = newId("msg");
    await db.insert(messages).values({
      id: messageId,
      accountId: tenant.accountId,
      channel: "email",
      category: "transactional",
      toAddress: "cy@example.com",
      subject: "Hi",
      text: "Hi",
      createdAt: new Date(now.getTime() - 3 * DAY),
    });
    await db.insert(messageEvents).values({
      id: newId("evt"),
      accountId: tenant.accountId,
      messageId,
      type: "delivered",
      occurredAt: new Date(now.getTime() - 3 * DAY),
    });
  });

  it("saves, lists, reads, counts, pages, changes and deletes a segment", async () => {
    const { headers } = tenant;
    const filter = {
      any: [
        {
          all: [
            { field: "attributes.plan", op: "starts_with", value: "pro" },
            { list: news, status: "subscribed" },
          ],
        },
        { engaged: "delivered", within_days: 7 },
      ],
    };
    const res = await call("POST", "/v1/segments", headers, { name: "Engaged pros", filter });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Segment;
    expect(created).toMatchObject({
      id: expect.stringMatching(/^seg_[0-9a-z]{26}$/),
      name: "Engaged pros",
      filter,
    });

    expect(await (await call("GET", `/v1/segments/${created.id}`, headers)).json()).toEqual(created);
    expect(await (await call("GET", "/v1/segments", headers)).json()).toEqual({
      items: [created],
      nextCursor: null,
    });
    expect(await (await call("GET", `/v1/segments/${created.id}/count`, headers)).json()).toEqual({
      id: created.id,
      count: 2,
    });

    const first = (await (
      await call("GET", `/v1/segments/${created.id}/contacts?limit=1`, headers)
    ).json()) as ContactPage;
    expect(first.items.map((c) => c.id)).toEqual([people.cy]);
    const second = (await (
      await call("GET", `/v1/segments/${created.id}/contacts?limit=1&cursor=${first.nextCursor}`, headers)
    ).json()) as ContactPage;
    expect(second).toEqual({
      items: [
        expect.objectContaining({
          id: people.ann,
          email: "ann@example.com",
          attributes: { plan: "pro", score: 10 },
        }),
      ],
      nextCursor: null,
    });

    const changed = await call("PATCH", `/v1/segments/${created.id}`, headers, {
      filter: { field: "attributes.score", op: "lt", value: 5 },
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      name: "Engaged pros",
      filter: { field: "attributes.score" },
    });
    expect(await (await call("GET", `/v1/segments/${created.id}/count`, headers)).json()).toMatchObject({
      count: 1,
    });

    // Another account sees nothing of it.
    expect((await call("GET", `/v1/segments/${created.id}`, stranger.headers)).status).toBe(404);
    expect((await call("GET", `/v1/segments/${created.id}/count`, stranger.headers)).status).toBe(404);

    expect((await call("DELETE", `/v1/segments/${created.id}`, headers)).status).toBe(204);
    expect((await call("GET", `/v1/segments/${created.id}`, headers)).status).toBe(404);
  });

  it("previews an unsaved filter: the count and the first page", async () => {
    const res = await call("POST", "/v1/segments/preview", tenant.headers, {
      filter: { field: "attributes.plan", op: "contains", value: "pro" },
      limit: 1,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ContactPage & { count: number };
    expect(body).toMatchObject({ count: 2, nextCursor: people.cy });
    expect(body.items.map((c) => c.id)).toEqual([people.cy]);
  });

  it("counts a list, a value and a range as the contacts and memberships stand", async () => {
    const counts: [SegmentFilter, number][] = [
      [{ list: news }, 2],
      [{ list: news, status: "subscribed" }, 1],
      [{ list: news, status: "bounced" }, 0],
      [{ field: "attributes.plan", op: "eq", value: "pro" }, 1],
      [
        {
          all: [
            { field: "attributes.score", op: "gte", value: 2 },
            { field: "attributes.score", op: "lt", value: 10 },
          ],
        },
        1,
      ],
    ];
    for (const [filter, count] of counts) {
      const res = await call("POST", "/v1/segments/preview", tenant.headers, { filter, limit: 100 });
      const body = (await res.json()) as ContactPage & { count: number };
      expect({ filter, count: body.count, page: body.items.length }).toEqual({ filter, count, page: count });
    }
  });

  it("answers 400 naming each problem of a filter, and 409 for a name in use", async () => {
    const bad = await call("POST", "/v1/segments", tenant.headers, {
      name: "Bad",
      filter: {
        all: [
          { field: "attributes.plan", op: "eq", value: "pro" },
          { field: "attributes.nope", op: "exists" },
          { field: "attributes.score", op: "gt", value: "ten" },
        ],
      },
    });
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe("invalid_input");
    expect(problem.errors.map((e) => e.path)).toEqual(["filter.all.1.field", "filter.all.2.value"]);

    const malformed = await call("POST", "/v1/segments/preview", tenant.headers, {
      filter: {
        any: [
          { field: "email", op: "eq", value: "a" },
          { field: "email", op: "like", value: "a" },
        ],
      },
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      "filter.any.1.op",
    ]);

    let deep: unknown = { field: "email", op: "exists" };
    for (let i = 0; i < 2000; i++) deep = { not: deep };
    const tooDeep = await call("POST", "/v1/segments/preview", tenant.headers, { filter: deep });
    expect(tooDeep.status).toBe(400);

    const filter = { field: "email", op: "exists" };
    expect((await call("POST", "/v1/segments", tenant.headers, { name: "Taken", filter })).status).toBe(201);
    expect((await call("POST", "/v1/segments", tenant.headers, { name: "Taken", filter })).status).toBe(409);
  });

  it("never lets a value change the query: any string matches as a literal, in its own account only", async () => {
    const plans = [
      "100%",
      "1000",
      "a_b",
      "axb",
      "back\\slash",
      "' OR 1=1 --",
      '"); DROP TABLE contacts; --',
      "ünï 🙂",
    ];
    const own = await newAccountWithKey();
    const theirs = await newAccountWithKey();
    await defineFields(own.accountId);
    await defineFields(theirs.accountId);
    for (const plan of plans) {
      await addContact(own.accountId, null, { plan });
      await addContact(theirs.accountId, null, { plan });
    }
    const fold = (s: string) => s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
    const before = await snapshot([own.accountId, theirs.accountId]);
    const value = fc.oneof(
      fc.constantFrom(
        "' OR 1=1 --",
        '"); DROP TABLE contacts; --',
        "%",
        "_",
        "\\",
        "%%",
        "\\%",
        "",
        "*/",
        "?",
      ),
      fc.constantFrom(...plans),
      fc.string({
        unit: fc.constantFrom("%", "_", "\\", "'", '"', ";", "-", "a", "A", "0", "ü", "🙂"),
        maxLength: 12,
      }),
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.string({ maxLength: 1000, minLength: 900 }),
    );
    await fc.assert(
      fc.asyncProperty(value, fc.constantFrom("contains", "starts_with", "eq", "neq"), async (v, op) => {
        const filter = { field: "attributes.plan", op, value: v };
        expect(segmentFilter.safeParse(filter).success).toBe(true);
        const res = await call("POST", "/v1/segments/preview", own.headers, { filter, limit: 100 });
        expect(res.status).toBe(200);
        const { count, items } = (await res.json()) as ContactPage & { count: number };
        const expected = plans.filter((p) =>
          op === "contains"
            ? fold(p).includes(fold(v))
            : op === "starts_with"
              ? fold(p).startsWith(fold(v))
              : op === "eq"
                ? p === v
                : p !== v,
        );
        expect(count).toBe(expected.length);
        expect(items.map((c) => c.attributes.plan).sort()).toEqual([...expected].sort());
      }),
      { numRuns: 60 },
    );
    expect(await snapshot([own.accountId, theirs.accountId])).toEqual(before);
  });

  it("is documented, with an example filter the schema accepts", () => {
    const app = new OpenAPIHono<AppEnv>();
    registerSegmentRoutes(app);
    const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "segments", version: "1" } });
    const paths = doc.paths ?? {};
    expect(Object.keys(paths["/v1/segments"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(paths["/v1/segments/{id}"] ?? {}).sort()).toEqual(["delete", "get", "patch"]);
    expect(Object.keys(paths["/v1/segments/{id}/count"] ?? {})).toEqual(["get"]);
    expect(Object.keys(paths["/v1/segments/{id}/contacts"] ?? {})).toEqual(["get"]);
    expect(Object.keys(paths["/v1/segments/preview"] ?? {})).toEqual(["post"]);
    for (const [path, method] of [
      ["/v1/segments", "post"],
      ["/v1/segments/preview", "post"],
      ["/v1/segments/{id}", "patch"],
    ] as const) {
      const body = paths[path]?.[method]?.requestBody;
      const example = body && "content" in body ? body.content["application/json"]?.example : undefined;
      expect(example).toBeDefined();
      const filter = (example as { filter: unknown }).filter;
      expect(segmentFilter.safeParse(filter).success).toBe(true);
    }
    expect(Object.keys(doc.components?.schemas ?? {})).toEqual(
      expect.arrayContaining(["Segment", "SegmentContact", "SegmentFilter"]),
    );
  });
});
