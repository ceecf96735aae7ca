import {
  auditLog,
  contactFields,
  contacts,
  listMemberships,
  lists,
  messageEvents,
  messages,
  newId,
  segments,
} from "@edgepost/db";
import { asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { AccountCtx } from "../src/context";
import { DomainError, InvalidFields } from "../src/errors";
import { compileSegmentFilter, filterProblems, loadFilterScope } from "../src/segments/compile";
import { countSegment } from "../src/segments/count-segment";
import { createSegment } from "../src/segments/create-segment";
import { deleteSegment } from "../src/segments/delete-segment";
import { SEGMENT_FILTER_LIMITS, type SegmentFilter, segmentFilter } from "../src/segments/filter";
import { getSegment } from "../src/segments/get-segment";
import { listSegmentContacts } from "../src/segments/list-segment-contacts";
import { listSegments } from "../src/segments/list-segments";
import { previewSegment } from "../src/segments/preview-segment";
import { updateSegment } from "../src/segments/update-segment";
import { freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-11-30T10:00:00Z") };
const ctx = await freshCtx(clock);
const DAY = 86_400_000;

type Attrs = Record<string, string | number | boolean | null>;
type Row = { id: string; email: string | null; phone: string | null; attributes: Attrs };

async function addFields(
  account: AccountCtx,
  fields: Record<string, "text" | "number" | "boolean" | "date">,
) {
  await ctx.db.insert(contactFields).values(
    Object.entries(fields).map(([key, type]) => ({
      id: newId("fld"),
      accountId: account.principal.accountId,
      key,
      label: key,
      type,
      createdAt: clock.now,
    })),
  );
}

let seq = 0;
async function addContact(account: AccountCtx, data: Partial<Omit<Row, "id">>): Promise<Row> {
  // Ids one millisecond apart, so "newest first" is the order they were added in, reversed.
  const row = {
    id: newId("con", clock.now.getTime() + seq++),
    email: data.email ?? null,
    phone: data.phone ?? null,
    attributes: data.attributes ?? {},
  };
  await ctx.db.insert(contacts).values({
    ...row,
    accountId: account.principal.accountId,
    createdAt: clock.now,
    updatedAt: clock.now,
  });
  return row;
}

async function addList(account: AccountCtx, name: string) {
  const id = newId("lst");
  await ctx.db.insert(lists).values({
    id,
    accountId: account.principal.accountId,
    name,
    createdAt: clock.now,
    updatedAt: clock.now,
  });
  return id;
}

async function join(
  account: AccountCtx,
  listId: string,
  contact: Row,
  status: "unconfirmed" | "subscribed" | "unsubscribed" | "bounced" | "complained",
) {
  await ctx.db.insert(listMemberships).values({
    accountId: account.principal.accountId,
    listId,
    contactId: contact.id,
    status,
    createdAt: clock.now,
    updatedAt: clock.now,
  });
}

/** A message from the account to `to`, with one event of `type` `daysAgo` days ago. */
async function addEvent(
  account: AccountCtx,
  { to, type, daysAgo, recipient }: { to: string; type: string; daysAgo: number; recipient?: string },
) {
  const messageId = newId("msg");
  const accountId = account.principal.accountId;
  await ctx.db.insert(messages).values({
    id: messageId,
    accountId,
    channel: "email",
    category: "transactional",
    toAddress: to,
    subject: "Hi",
    text: "Hi",
    createdAt: new Date(clock.now.getTime() - daysAgo * DAY),
  });
  await ctx.db.insert(messageEvents).values({
    id: newId("evt"),
    accountId,
    messageId,
    // `opened` and `clicked` are not recorded yet; a segment on them matches once they are.
    type: type as "delivered",
    recipient: recipient ?? null,
    occurredAt: new Date(clock.now.getTime() - daysAgo * DAY),
  });
}

/** The ids of the contacts a filter matches (newest first), checked against the count. */
async function matching(account: AccountCtx, filter: SegmentFilter): Promise<string[]> {
  const { count, items, nextCursor } = await previewSegment({ ctx: account, input: { filter, limit: 100 } });
  expect(nextCursor).toBeNull();
  expect(items).toHaveLength(count);
  return items.map((c) => c.id).sort();
}
const ids = (...rows: Row[]) => rows.map((r) => r.id).sort();

/** The field problems a call fails with (from the schema or from the account's definitions). */
async function problems(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    if (error instanceof InvalidFields) return (error.fields ?? []).map((f) => f.path);
    const issues = (error as { issues?: { path: PropertyKey[] }[] }).issues;
    if (issues) return issues.map((i) => i.path.join("."));
    throw error;
  }
  throw new Error("expected the call to fail");
}

/** Everything in the tables a filter could touch, to show a filter changed nothing. */
async function snapshot() {
  return {
    contacts: await ctx.db.select().from(contacts).orderBy(asc(contacts.id)),
    fields: await ctx.db.select().from(contactFields).orderBy(asc(contactFields.id)),
    lists: await ctx.db.select().from(lists).orderBy(asc(lists.id)),
    memberships: await ctx.db.select().from(listMemberships).orderBy(asc(listMemberships.contactId)),
    segments: await ctx.db.select().from(segments).orderBy(asc(segments.id)),
    events: await ctx.db.select().from(messageEvents).orderBy(asc(messageEvents.id)),
  };
}

const a = await newAccount(ctx, "Alpha");
const b = await newAccount(ctx, "Beta");
await addFields(a, {
  plan: "text",
  score: "number",
  vip: "boolean",
  born: "date",
  "a.b": "text",
  we$ird: "text",
});
await addFields(b, {
  plan: "text",
  score: "number",
  vip: "boolean",
  born: "date",
  "a.b": "text",
  we$ird: "text",
});

const ann = await addContact(a, {
  email: "ann@example.com",
  phone: "+41791234567",
  attributes: { plan: "pro", score: 10, vip: true, born: "1990-05-01", "a.b": "flat" },
});
const bob = await addContact(a, {
  email: "bob@example.org",
  attributes: { plan: "free", score: 3.5, vip: false, born: "2001-12-24", we$ird: "yes" },
});
const cy = await addContact(a, { phone: "+14155550100", attributes: { plan: "Pro plus", score: -1 } });
const dee = await addContact(a, { email: "dee@example.com", attributes: {} });
// Another account's contacts look the same: they must never match.
const other = await addContact(b, {
  email: "ann@example.com",
  phone: "+41791234567",
  attributes: { plan: "pro", score: 10, vip: true, born: "1990-05-01", "a.b": "flat" },
});

describe("segment filters: operators", () => {
  const cases: [string, SegmentFilter, Row[]][] = [
    ["email eq (any case)", { field: "email", op: "eq", value: "ANN@example.com" }, [ann]],
    [
      "email neq counts contacts without one",
      { field: "email", op: "neq", value: "ann@example.com" },
      [bob, cy, dee],
    ],
    ["email contains", { field: "email", op: "contains", value: "example.com" }, [ann, dee]],
    ["email starts_with", { field: "email", op: "starts_with", value: "bo" }, [bob]],
    ["email exists", { field: "email", op: "exists" }, [ann, bob, dee]],
    ["email not_exists", { field: "email", op: "not_exists" }, [cy]],
    [
      "email in",
      { field: "email", op: "in", value: ["Bob@example.org", "dee@example.com", "x@y.z"] },
      [bob, dee],
    ],
    ["phone starts_with", { field: "phone", op: "starts_with", value: "+41" }, [ann]],
    ["phone exists", { field: "phone", op: "exists" }, [ann, cy]],
    ["text eq is exact", { field: "attributes.plan", op: "eq", value: "pro" }, [ann]],
    ["text neq counts missing values", { field: "attributes.plan", op: "neq", value: "pro" }, [bob, cy, dee]],
    [
      "text contains (ASCII case-insensitive)",
      { field: "attributes.plan", op: "contains", value: "PRO" },
      [ann, cy],
    ],
    ["text starts_with", { field: "attributes.plan", op: "starts_with", value: "fr" }, [bob]],
    ["text in", { field: "attributes.plan", op: "in", value: ["free", "Pro plus"] }, [bob, cy]],
    ["text exists", { field: "attributes.plan", op: "exists" }, [ann, bob, cy]],
    ["text not_exists", { field: "attributes.plan", op: "not_exists" }, [dee]],
    ["number eq", { field: "attributes.score", op: "eq", value: 10 }, [ann]],
    ["number gt", { field: "attributes.score", op: "gt", value: 3.5 }, [ann]],
    ["number gte", { field: "attributes.score", op: "gte", value: 3.5 }, [ann, bob]],
    ["number lt", { field: "attributes.score", op: "lt", value: 3.5 }, [cy]],
    ["number lte", { field: "attributes.score", op: "lte", value: 3.5 }, [bob, cy]],
    ["number in", { field: "attributes.score", op: "in", value: [-1, 10] }, [ann, cy]],
    ["number neq", { field: "attributes.score", op: "neq", value: 10 }, [bob, cy, dee]],
    ["boolean eq true", { field: "attributes.vip", op: "eq", value: true }, [ann]],
    ["boolean eq false", { field: "attributes.vip", op: "eq", value: false }, [bob]],
    ["boolean neq true", { field: "attributes.vip", op: "neq", value: true }, [bob, cy, dee]],
    ["date lt", { field: "attributes.born", op: "lt", value: "2000-01-01" }, [ann]],
    ["date gte", { field: "attributes.born", op: "gte", value: "2001-12-24" }, [bob]],
    ["date eq", { field: "attributes.born", op: "eq", value: "1990-05-01" }, [ann]],
    ["a key with a dot is one key", { field: "attributes.a.b", op: "eq", value: "flat" }, [ann]],
    ["a key with a dollar sign", { field: "attributes.we$ird", op: "exists" }, [bob]],
    [
      "all",
      {
        all: [
          { field: "attributes.plan", op: "contains", value: "pro" },
          { field: "email", op: "exists" },
        ],
      },
      [ann],
    ],
    [
      "any",
      {
        any: [
          { field: "attributes.vip", op: "eq", value: false },
          { field: "phone", op: "starts_with", value: "+1" },
        ],
      },
      [bob, cy],
    ],
    ["not of eq is neq", { not: { field: "attributes.plan", op: "eq", value: "pro" } }, [bob, cy, dee]],
    [
      "not of gt keeps contacts without the value",
      { not: { field: "attributes.score", op: "gt", value: 0 } },
      [cy, dee],
    ],
    [
      "nested",
      {
        any: [
          { all: [{ field: "email", op: "exists" }, { not: { field: "attributes.plan", op: "exists" } }] },
          { field: "attributes.score", op: "lt", value: 0 },
        ],
      },
      [cy, dee],
    ],
  ];

  it.each(cases)("%s", async (_name, filter, expected) => {
    expect(await matching(a, filter)).toEqual(ids(...expected));
  });

  it("never matches another account's contacts", async () => {
    expect(await matching(b, { field: "attributes.plan", op: "eq", value: "pro" })).toEqual([other.id]);
    expect(await matching(b, { field: "email", op: "exists" })).toEqual([other.id]);
  });
});

describe("segment filters: lists and engagement", () => {
  let news: string;
  let bList: string;
  beforeAll(async () => {
    news = await addList(a, "News");
    await join(a, news, ann, "subscribed");
    await join(a, news, bob, "unsubscribed");
    await join(a, news, cy, "unconfirmed");
    bList = await addList(b, "Theirs");
    await join(b, bList, other, "subscribed");

    await addEvent(a, { to: "Ann@Example.com", type: "delivered", daysAgo: 5 });
    await addEvent(a, { to: "ann@example.com", type: "opened", daysAgo: 2 });
    await addEvent(a, { to: "someone@else.com", type: "bounced", daysAgo: 40, recipient: "bob@example.org" });
    await addEvent(a, { to: "dee@example.com", type: "delivered", daysAgo: 31 });
    // Another account mailed Dee, who complained there: not an engagement with this account.
    await addEvent(b, { to: "dee@example.com", type: "complained", daysAgo: 1 });
  });

  it("matches a list with a status, or any status", async () => {
    expect(await matching(a, { list: news, status: "subscribed" })).toEqual(ids(ann));
    expect(await matching(a, { list: news, status: "unsubscribed" })).toEqual(ids(bob));
    expect(await matching(a, { list: news, status: "bounced" })).toEqual([]);
    expect(await matching(a, { list: news })).toEqual(ids(ann, bob, cy));
    expect(await matching(a, { not: { list: news, status: "subscribed" } })).toEqual(ids(bob, cy, dee));
  });

  it("refuses a list of another account, naming the condition", async () => {
    expect(await problems(() => matching(a, { all: [{ list: news }, { list: bList }] }))).toEqual([
      "filter.all.1.list",
    ]);
    expect(await problems(() => matching(a, { list: newId("lst") }))).toEqual(["filter.list"]);
  });

  it("matches events of that kind within the window, by recipient or address", async () => {
    expect(await matching(a, { engaged: "delivered", within_days: 7 })).toEqual(ids(ann));
    expect(await matching(a, { engaged: "delivered", within_days: 4 })).toEqual([]);
    expect(await matching(a, { engaged: "delivered", within_days: 31 })).toEqual(ids(ann, dee));
    expect(await matching(a, { engaged: "opened", within_days: 3 })).toEqual(ids(ann));
    expect(await matching(a, { engaged: "clicked", within_days: 3650 })).toEqual([]);
    expect(await matching(a, { engaged: "bounced", within_days: 39 })).toEqual([]);
    expect(await matching(a, { engaged: "bounced", within_days: 40 })).toEqual(ids(bob));
    expect(await matching(a, { engaged: "complained", within_days: 30 })).toEqual([]);
    expect(await matching(b, { engaged: "complained", within_days: 30 })).toEqual([]);
    expect(await matching(a, { not: { engaged: "delivered", within_days: 30 } })).toEqual(ids(bob, cy, dee));
  });

  it("combines lists, engagement and attributes", async () => {
    const filter: SegmentFilter = {
      all: [
        { list: news, status: "subscribed" },
        { engaged: "delivered", within_days: 30 },
        { field: "attributes.vip", op: "eq", value: true },
      ],
    };
    expect(await matching(a, filter)).toEqual(ids(ann));
  });
});

describe("segment filters: validation", () => {
  it("names each unknown field and each value of the wrong type", async () => {
    const paths = await problems(() =>
      matching(a, {
        all: [
          { field: "attributes.plan", op: "eq", value: "pro" },
          { field: "attributes.nope", op: "eq", value: "x" },
          { field: "attributes.score", op: "eq", value: "10" },
          { field: "attributes.vip", op: "gt", value: true },
          { field: "attributes.born", op: "lt", value: "yesterday" },
          { field: "attributes.score", op: "in", value: [1, "2"] },
          { field: "attributes.plan", op: "exists", value: "x" },
          { field: "attributes.plan", op: "eq" },
          { field: "email", op: "eq", value: ["a@b.c"] },
          { field: "attributes.plan", op: "in", value: "pro" },
        ],
      }),
    );
    expect(paths).toEqual([
      "filter.all.1.field",
      "filter.all.2.value",
      "filter.all.3.op",
      "filter.all.4.value",
      "filter.all.5.value.1",
      "filter.all.6.value",
      "filter.all.7.value",
      "filter.all.8.value",
      "filter.all.9.value",
    ]);
  });

  it("names malformed conditions where they are", async () => {
    const paths = await problems(() =>
      matching(a, {
        any: [
          { field: "attributes.plan", op: "like", value: "x" },
          { field: "name", op: "eq", value: "x" },
          { engaged: "read", within_days: 0 },
          { list: "lst_nope" },
          { field: "email", op: "eq", value: "x", extra: 1 },
          { all: [] },
          { something: 1 },
          "text",
          { all: [{ field: "email", op: "exists" }], any: [] },
          { field: "attributes.plan", op: "eq", value: "x".repeat(SEGMENT_FILTER_LIMITS.text + 1) },
        ],
      } as unknown as SegmentFilter),
    );
    expect(paths).toEqual([
      "filter.any.0.op",
      "filter.any.1.field",
      "filter.any.2.engaged",
      "filter.any.2.within_days",
      "filter.any.3.list",
      "filter.any.4.extra",
      "filter.any.5.all",
      "filter.any.6",
      "filter.any.7",
      "filter.any.8.any",
      "filter.any.9.value",
    ]);
  });

  it("refuses attribute keys with quotes, dots or `$` unless the account defined them", async () => {
    for (const key of ['pl"an', "plan.x", "$", "a.b.c", "plan') OR 1=1 --", "\\", "we$ird$"]) {
      expect(await problems(() => matching(a, { field: `attributes.${key}`, op: "exists" }))).toEqual([
        "filter.field",
      ]);
    }
    // A key the JSON path cannot quote is refused even when defined.
    await addFields(a, { 'qu"ote': "text" });
    expect(await problems(() => matching(a, { field: 'attributes.qu"ote', op: "exists" }))).toEqual([
      "filter.field",
    ]);
  });

  it("limits nesting to five levels of groups and a filter to fifty conditions", async () => {
    const condition: SegmentFilter = { field: "email", op: "exists" };
    const nest = (levels: number): SegmentFilter => {
      let filter: SegmentFilter = condition;
      for (let level = 1; level <= levels; level++) filter = level % 2 ? { not: filter } : { all: [filter] };
      return filter;
    };
    expect(await matching(a, nest(SEGMENT_FILTER_LIMITS.depth))).toEqual(ids(cy));
    expect(await problems(() => matching(a, nest(SEGMENT_FILTER_LIMITS.depth + 1)))).toEqual([
      "filter.all.0.not.all.0.not.all.0.not",
    ]);
    // Ten thousand levels are refused at the sixth, not recursed into.
    const deep = await problems(() => matching(a, nest(10_000)));
    expect(deep).toHaveLength(1);
    expect(await matching(a, { any: Array(SEGMENT_FILTER_LIMITS.conditions).fill(condition) })).toEqual(
      ids(ann, bob, dee),
    );
    expect(
      await problems(() => matching(a, { any: Array(SEGMENT_FILTER_LIMITS.conditions + 1).fill(condition) })),
    ).toEqual([`filter.any.${SEGMENT_FILTER_LIMITS.conditions}`]);
    expect(
      await problems(() =>
        matching(a, {
          all: [{ any: Array(30).fill(condition) }, { any: Array(30).fill(condition) }],
        }),
      ),
    ).toEqual(["filter.all.1.any.20"]);
  });
});

describe("segment filters: hostile values cannot change the SQL", () => {
  const HOSTILE = [
    "' OR 1=1 --",
    '"); DROP TABLE contacts; --',
    "'; DELETE FROM contacts WHERE '1'='1",
    "%",
    "_",
    "\\",
    "\\%",
    "100%",
    "a_b",
    "' ESCAPE '",
    "*/ OR /*",
    "NULL",
    "",
    "ünïcødé 🙂 \u202e\u0000 終",
    "x".repeat(SEGMENT_FILTER_LIMITS.text),
    "$.plan",
    '$."plan"',
  ];
  /** One filter shape; only the values differ. */
  const shape = (value: string, key = "plan"): SegmentFilter => ({
    any: [
      { field: "email", op: "eq", value },
      { field: `attributes.${key}`, op: "contains", value },
      { field: `attributes.${key}`, op: "starts_with", value },
      {
        all: [
          { field: "phone", op: "neq", value },
          { field: `attributes.${key}`, op: "eq", value },
        ],
      },
      { not: { field: `attributes.${key}`, op: "in", value: [value, "!"] } },
    ],
  });
  /** What SQLite's LIKE compares: ASCII letters in any case. */
  const fold = (s: string) => s.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
  /** The contacts `shape(value)` must match, worked out in JS. */
  const expected = (rows: Row[], value: string, key = "plan") =>
    rows
      .filter((r) => {
        const v = r.attributes[key];
        const s = typeof v === "string" ? v : undefined;
        return (
          r.email === value.toLowerCase() ||
          (s !== undefined && fold(s).includes(fold(value))) ||
          (s !== undefined && fold(s).startsWith(fold(value))) ||
          (r.phone !== value && s === value) ||
          !(s === value || s === "!")
        );
      })
      .map((r) => r.id)
      .sort();

  let rows: Row[];
  beforeAll(async () => {
    // Contacts whose values are the hostile strings themselves, and near misses.
    rows = [ann, bob, cy, dee];
    for (const plan of ["100%", "1000", "a_b", "axb", "back\\slash", "' OR 1=1 --", "ünïcødé 🙂", "%"]) {
      rows.push(await addContact(a, { attributes: { plan } }));
    }
    await addContact(b, { attributes: { plan: "%" } });
  });

  it("compiles every value to a bound parameter: the SQL text is the same whatever the values", async () => {
    const scope = await loadFilterScope(ctx, a.principal.accountId, shape("x"));
    const text = (filter: SegmentFilter) =>
      ctx.db.select().from(contacts).where(compileSegmentFilter(scope, filter)).toSQL();
    const base = text(shape("x"));
    expect(base.sql).toContain('json_extract("contacts"."attributes", ?)');
    expect(base.sql).toContain("like ? escape '\\'");
    expect(base.sql).toContain('"contacts"."account_id" = ?');
    for (const value of HOSTILE) {
      const query = text(shape(value));
      expect(query.sql).toBe(base.sql);
      expect(query.params).toContain(a.principal.accountId);
    }
    // The attribute key is a parameter too.
    for (const key of ["a.b", "we$ird"]) {
      const query = text(shape("x", key));
      expect(query.sql).toBe(base.sql);
      expect(query.params).toContain(`$."${key}"`);
    }
    // `%`, `_` and `\` are escaped in LIKE patterns.
    expect(text(shape("1%_\\")).params).toEqual(expect.arrayContaining(["%1\\%\\_\\\\%", "1\\%\\_\\\\%"]));
  });

  it("matches exactly the contacts a literal comparison would, and changes nothing", async () => {
    const before = await snapshot();
    for (const value of HOSTILE) {
      expect(segmentFilter.safeParse(shape(value)).success).toBe(true);
      expect(await matching(a, shape(value)), JSON.stringify(value.slice(0, 40))).toEqual(
        expected(rows, value),
      );
    }
    expect(await matching(a, { field: "attributes.plan", op: "contains", value: "%" })).toEqual(
      ids(...rows.filter((r) => String(r.attributes.plan ?? "").includes("%"))),
    );
    expect(await matching(a, { field: "attributes.plan", op: "contains", value: "_" })).toEqual(
      ids(...rows.filter((r) => String(r.attributes.plan ?? "").includes("_"))),
    );
    expect(await matching(a, { field: "attributes.plan", op: "starts_with", value: "\\" })).toEqual([]);
    expect(await matching(a, { field: "attributes.plan", op: "contains", value: "\\" })).toHaveLength(1);
    expect(await snapshot()).toEqual(before);
  });

  it("stores a hostile filter as given and uses it as data", async () => {
    const filter = shape('"); DROP TABLE contacts; --');
    const segment = await createSegment({ ctx: a, input: { name: "'; DROP TABLE segments; --", filter } });
    expect((await getSegment({ ctx: a, input: { id: segment.id } })).filter).toEqual(filter);
    const before = await snapshot();
    const { count } = await countSegment({ ctx: a, input: { id: segment.id } });
    expect(count).toBe(expected(rows, '"); DROP TABLE contacts; --').length);
    expect(await snapshot()).toEqual(before);
    await deleteSegment({ ctx: a, input: { id: segment.id } });
  });

  it("problems of a filter never depend on another account's fields", async () => {
    const scope = await loadFilterScope(ctx, b.principal.accountId, {
      field: 'attributes.qu"ote',
      op: "exists",
    });
    expect(filterProblems(scope, { field: 'attributes.qu"ote', op: "exists" })).toEqual([
      { path: "filter.field", message: 'no contact field `qu"ote` in this account' },
    ]);
  });
});

describe("segments", () => {
  it("stores, lists, reads, changes, counts, previews and deletes a segment", async () => {
    const filter: SegmentFilter = { field: "attributes.plan", op: "contains", value: "pro" };
    const created = await createSegment({ ctx: a, input: { name: " Pros ", filter } });
    expect(created).toMatchObject({ id: expect.stringMatching(/^seg_[0-9a-z]{26}$/), name: "Pros", filter });
    expect(await getSegment({ ctx: a, input: { id: created.id } })).toEqual(created);
    expect((await listSegments({ ctx: a, input: {} })).items).toEqual([created]);
    expect(await countSegment({ ctx: a, input: { id: created.id } })).toEqual({ id: created.id, count: 2 });

    const page1 = await listSegmentContacts({ ctx: a, input: { id: created.id, limit: 1 } });
    expect(page1.items.map((c) => c.id)).toEqual([cy.id]);
    expect(page1.items[0]).toMatchObject({ email: null, phone: cy.phone, attributes: cy.attributes });
    const page2 = await listSegmentContacts({
      ctx: a,
      input: { id: created.id, limit: 1, cursor: page1.nextCursor ?? "" },
    });
    expect(page2).toEqual({ items: [expect.objectContaining({ id: ann.id })], nextCursor: null });

    clock.now = new Date(clock.now.getTime() + 1000);
    const changed = await updateSegment({
      ctx: a,
      input: { id: created.id, name: "Free", filter: { field: "attributes.plan", op: "eq", value: "free" } },
    });
    expect(changed).toMatchObject({ name: "Free", updatedAt: clock.now });
    expect(await countSegment({ ctx: a, input: { id: created.id } })).toEqual({ id: created.id, count: 1 });
    expect(
      await problems(() =>
        updateSegment({ ctx: a, input: { id: created.id, filter: { field: "attributes.x", op: "exists" } } }),
      ),
    ).toEqual(["filter.field"]);

    const actions = await ctx.db.select().from(auditLog).where(eq(auditLog.target, created.id));
    expect(actions.map((e) => e.action).sort()).toEqual(["segment.created", "segment.updated"]);

    await deleteSegment({ ctx: a, input: { id: created.id } });
    await expect(getSegment({ ctx: a, input: { id: created.id } })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("refuses a duplicate name with a conflict, and pages the list", async () => {
    const filter: SegmentFilter = { field: "email", op: "exists" };
    const one = await createSegment({ ctx: a, input: { name: "One", filter } });
    const two = await createSegment({ ctx: a, input: { name: "Two", filter } });
    await expect(createSegment({ ctx: a, input: { name: "One", filter } })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(updateSegment({ ctx: a, input: { id: two.id, name: "One" } })).rejects.toMatchObject({
      code: "conflict",
    });
    // The same name in another account is fine.
    await createSegment({ ctx: b, input: { name: "One", filter } });
    const first = await listSegments({ ctx: a, input: { limit: 1 } });
    expect(first.items.map((s) => s.id)).toEqual([two.id]);
    const second = await listSegments({ ctx: a, input: { limit: 1, cursor: first.nextCursor ?? "" } });
    expect(second).toEqual({ items: [expect.objectContaining({ id: one.id })], nextCursor: null });
  });

  it("keeps segments to their account", async () => {
    const mine = await createSegment({
      ctx: a,
      input: { name: "Mine", filter: { field: "email", op: "exists" } },
    });
    for (const run of [
      () => getSegment({ ctx: b, input: { id: mine.id } }),
      () => countSegment({ ctx: b, input: { id: mine.id } }),
      () => listSegmentContacts({ ctx: b, input: { id: mine.id } }),
      () => updateSegment({ ctx: b, input: { id: mine.id, name: "Theirs" } }),
      () => deleteSegment({ ctx: b, input: { id: mine.id } }),
    ]) {
      await expect(run()).rejects.toMatchObject({ code: "not_found" });
    }
    expect((await getSegment({ ctx: a, input: { id: mine.id } })).name).toBe("Mine");
  });

  it("lets viewers read but not write, and suspended accounts not write", async () => {
    const mine = await createSegment({
      ctx: a,
      input: { name: "Viewed", filter: { field: "email", op: "exists" } },
    });
    const viewer: AccountCtx = { ...a, principal: { ...a.principal, role: "viewer" } };
    expect((await countSegment({ ctx: viewer, input: { id: mine.id } })).count).toBe(3);
    await expect(
      createSegment({ ctx: viewer, input: { name: "No", filter: { field: "email", op: "exists" } } }),
    ).rejects.toBeInstanceOf(DomainError);
    await expect(deleteSegment({ ctx: viewer, input: { id: mine.id } })).rejects.toMatchObject({
      code: "forbidden",
    });
    const suspended: AccountCtx = { ...a, principal: { ...a.principal, accountStatus: "suspended" } };
    await expect(updateSegment({ ctx: suspended, input: { id: mine.id, name: "X" } })).rejects.toMatchObject({
      code: "account_suspended",
    });
  });
});
