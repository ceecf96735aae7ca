import { newId } from "@edgepost/db";
import { type SQL, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { eraseContact } from "../src/consent/erase-contact";
import {
  createContact,
  createContactField,
  createList,
  deleteContactField,
  deleteList,
  subscribeContact,
  unsubscribeContact,
  updateContact,
} from "../src/contacts/index";
import type { AccountCtx } from "../src/context";
import { compileSegmentFilter, loadFilterScope } from "../src/segments/compile";
import { compileSegmentCount } from "../src/segments/compile-count";
import type { SegmentFilter } from "../src/segments/filter";
import { freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-11-30T10:00:00Z") };
const ctx = await freshCtx(clock);

/** The counts the triggers keep, and the same counted afresh from the contacts and memberships. */
async function keptAndCounted() {
  const rows = (query: SQL) => ctx.db.all<Record<string, unknown>>(query);
  return {
    kept: {
      values: await rows(sql`select account_id, key, value, contacts from contact_value_counts
        order by account_id, key, value`),
      lists: await rows(sql`select account_id, list_id, status, contacts from list_status_counts
        order by account_id, list_id, status`),
    },
    counted: {
      values: await rows(sql`select c.account_id, j.key, j.value, count(*) as contacts
        from contacts c, json_each(c.attributes) j where j.type <> 'null'
        group by c.account_id, j.key, j.value order by c.account_id, j.key, j.value`),
      lists: await rows(sql`select account_id, list_id, status, count(*) as contacts from list_memberships
        group by account_id, list_id, status order by account_id, list_id, status`),
    },
  };
}

async function expectCountsKept() {
  const { kept, counted } = await keptAndCounted();
  expect(kept).toEqual(counted);
}

async function withFields(owner: AccountCtx) {
  await createContactField({ ctx: owner, input: { key: "plan", label: "Plan", type: "text" } });
  await createContactField({ ctx: owner, input: { key: "score", label: "Score", type: "number" } });
  await createContactField({ ctx: owner, input: { key: "vip", label: "VIP", type: "boolean" } });
}

describe("the counts kept for segments", () => {
  it("follow every kind of write to contacts and memberships", async () => {
    const a = await newAccount(ctx, "Alpha");
    const b = await newAccount(ctx, "Beta");
    await withFields(a);
    await withFields(b);
    const ann = await createContact({
      ctx: a,
      input: { email: "ann@example.com", attributes: { plan: "pro", score: 10, vip: true } },
    });
    const bob = await createContact({
      ctx: a,
      input: { email: "bob@example.com", attributes: { plan: "pro" } },
    });
    const cy = await createContact({ ctx: a, input: { email: "cy@example.com" } });
    await createContact({
      ctx: b,
      input: { email: "ann@example.com", attributes: { plan: "pro", score: 10 } },
    });
    await expectCountsKept();
    expect((await keptAndCounted()).kept.values).toContainEqual({
      account_id: a.principal.accountId,
      key: "plan",
      value: "pro",
      contacts: 2,
    });

    // Changed, removed (null), added, unchanged.
    await updateContact({ ctx: a, input: { id: ann.id, attributes: { plan: "free", score: null } } });
    await updateContact({ ctx: a, input: { id: bob.id, attributes: { plan: "pro", vip: false } } });
    await updateContact({ ctx: a, input: { id: cy.id, email: "cy@example.org" } });
    await expectCountsKept();

    // The statements an import chunk writes: new contacts from JSON, updates merged with json_patch.
    const accountId = a.principal.accountId;
    const created = [
      { id: newId("con"), email: "d@example.com", attributes: { plan: "pro", score: 1.5 } },
      { id: newId("con"), email: "e@example.com", attributes: { plan: "team", vip: true } },
    ];
    const now = clock.now.getTime();
    await ctx.db.run(sql`insert into contacts (id, account_id, email, attributes, created_at, updated_at)
      select j.value->>'id', ${accountId}, j.value->>'email', j.value->'attributes', ${now}, ${now}
      from json_each(${JSON.stringify(created)}) j`);
    const updates = [
      { id: ann.id, attributes: { plan: "pro", score: 3 } },
      { id: cy.id, attributes: { vip: false } },
    ];
    await ctx.db.run(sql`update contacts set attributes = json_patch(contacts.attributes, j.value->'attributes')
      from json_each(${JSON.stringify(updates)}) j
      where contacts.id = j.value->>'id' and +contacts.account_id = ${accountId}`);
    await expectCountsKept();

    // Lists: subscribed, unsubscribed, subscribed again (an upsert), memberships added in bulk.
    const news = await createList({ ctx: a, input: { name: "News", doubleOptIn: false } });
    const other = await createList({ ctx: a, input: { name: "Other" } });
    for (const contact of [ann, bob, cy]) {
      await subscribeContact({
        ctx: a,
        input: { listId: news.id, contactId: contact.id, consentText: "Yes" },
      });
    }
    await subscribeContact({ ctx: a, input: { listId: other.id, contactId: ann.id, consentText: "Yes" } });
    await unsubscribeContact({ ctx: a, input: { listId: news.id, contactId: bob.id } });
    await unsubscribeContact({ ctx: a, input: { listId: news.id, contactId: cy.id } });
    await subscribeContact({ ctx: a, input: { listId: news.id, contactId: cy.id, consentText: "Again" } });
    await ctx.db.run(sql`insert into list_memberships (account_id, list_id, contact_id, status, created_at, updated_at)
      select ${accountId}, ${news.id}, j.value->>'id', 'subscribed', ${now}, ${now}
      from json_each(${JSON.stringify([...created, { id: ann.id }])}) j where true
      on conflict do nothing`);
    await expectCountsKept();
    expect((await keptAndCounted()).kept.lists).toContainEqual({
      account_id: accountId,
      list_id: news.id,
      status: "subscribed",
      contacts: 4,
    });

    // Erasure, a field deleted from every contact, a list deleted: nothing of theirs is left.
    await eraseContact({ ctx: a, input: { id: ann.id } });
    await deleteContactField({
      ctx: a,
      input: { id: (await fieldId(accountId, "vip")) ?? "" },
    });
    await deleteList({ ctx: a, input: { id: other.id } });
    await expectCountsKept();
    const { kept } = await keptAndCounted();
    expect(kept.values.filter((v) => v.account_id === accountId && v.key === "vip")).toEqual([]);
    expect(kept.values.filter((v) => v.account_id === accountId && v.value === 3)).toEqual([]);
    expect(kept.lists.filter((l) => l.list_id === other.id)).toEqual([]);
  });
});

async function fieldId(accountId: string, key: string) {
  const [row] = await ctx.db.all<{ id: string }>(
    sql`select id from contact_fields where account_id = ${accountId} and key = ${key}`,
  );
  return row?.id;
}

const owner = await newAccount(ctx, "Counting");
const accountId = owner.principal.accountId;
await withFields(owner);
// Values that compare in every way: text in both cases and with LIKE's wildcards, integers and reals
// (1 and 1.0 are one value), booleans, JSON null and a missing value.
const plans = ["free", "pro", "Pro plus", "100%", "a_b", null, undefined];
const scores = [-1, 0, 1, 1.0, 1.5, 2, 10, 250, null, undefined];
const vips = [true, false, undefined];
const rows = Array.from({ length: 60 }, (_, i) => {
  const attributes: Record<string, unknown> = {};
  const [plan, score, vip] = [plans[i % plans.length], scores[(i * 7) % scores.length], vips[i % 3]];
  if (plan !== undefined) attributes.plan = plan;
  if (score !== undefined) attributes.score = score;
  if (vip !== undefined) attributes.vip = vip;
  return { id: newId("con", clock.now.getTime() + i), email: `c${i}@example.com`, attributes };
});
const now = clock.now.getTime();
await ctx.db.run(sql`insert into contacts (id, account_id, email, attributes, created_at, updated_at)
    select j.value->>'id', ${accountId}, j.value->>'email', j.value->'attributes', ${now}, ${now}
    from json_each(${JSON.stringify(rows)}) j`);
const list = await createList({ ctx: owner, input: { name: "Counted", doubleOptIn: false } });
for (const row of rows.slice(0, 20)) {
  await subscribeContact({ ctx: owner, input: { listId: list.id, contactId: row.id, consentText: "Yes" } });
}
for (const row of rows.slice(0, 5)) {
  await unsubscribeContact({ ctx: owner, input: { listId: list.id, contactId: row.id } });
}

const count = async (query: SQL) => Number((await ctx.db.all<{ count: number }>(query))[0]?.count);
/** The compiled count, the same filter counted over the contacts, and whether it read kept counts. */
async function bothWays(filter: SegmentFilter) {
  const scope = await loadFilterScope(ctx, accountId, filter);
  const query = compileSegmentCount(scope, filter);
  const scan = sql`select count(*) as count from contacts where ${compileSegmentFilter(scope, filter)}`;
  const plan = await ctx.db.all<{ detail: string }>(sql`explain query plan ${query}`);
  return {
    compiled: await count(query),
    scanned: await count(scan),
    plan: plan.map((step) => step.detail),
  };
}

const kept: SegmentFilter[] = [
  { list: list.id },
  { list: list.id, status: "subscribed" },
  { all: [{ list: list.id, status: "unsubscribed" }] },
  { list: list.id, status: "bounced" },
  { field: "attributes.plan", op: "eq", value: "pro" },
  { field: "attributes.plan", op: "in", value: ["free", "100%"] },
  { field: "attributes.plan", op: "contains", value: "PRO" },
  { field: "attributes.plan", op: "contains", value: "%" },
  { field: "attributes.plan", op: "starts_with", value: "a_" },
  { field: "attributes.plan", op: "exists" },
  { field: "attributes.plan", op: "gt", value: "a" },
  { field: "attributes.score", op: "eq", value: 1 },
  { field: "attributes.score", op: "eq", value: 1.5 },
  { field: "attributes.score", op: "gte", value: 0 },
  { field: "attributes.score", op: "in", value: [-1, 250, 7] },
  {
    all: [
      { field: "attributes.score", op: "gte", value: 1 },
      { field: "attributes.score", op: "lt", value: 250 },
    ],
  },
  {
    any: [
      { field: "attributes.score", op: "lt", value: 0 },
      { field: "attributes.score", op: "gt", value: 2 },
    ],
  },
  {
    all: [
      { field: "attributes.score", op: "exists" },
      { not: { field: "attributes.score", op: "eq", value: 10 } },
    ],
  },
  { field: "attributes.vip", op: "eq", value: true },
  { field: "attributes.vip", op: "eq", value: false },
];
const scanned: SegmentFilter[] = [
  { field: "attributes.plan", op: "neq", value: "pro" },
  { field: "attributes.plan", op: "not_exists" },
  { not: { field: "attributes.score", op: "gt", value: 1 } },
  {
    any: [
      { field: "attributes.score", op: "lt", value: 0 },
      { field: "attributes.score", op: "not_exists" },
    ],
  },
  { not: { list: list.id } },
  {
    all: [
      { list: list.id, status: "subscribed" },
      { field: "attributes.plan", op: "eq", value: "pro" },
    ],
  },
  {
    any: [
      { field: "attributes.plan", op: "eq", value: "pro" },
      { field: "attributes.vip", op: "eq", value: true },
    ],
  },
  { field: "email", op: "eq", value: "c1@example.com" },
];

describe("a segment's count", () => {
  it.each(kept.map((f) => [JSON.stringify(f), f] as const))(
    "of %s is read from the kept counts, and is the number of contacts that match",
    async (_name, filter) => {
      const { compiled, scanned, plan } = await bothWays(filter);
      expect(compiled).toBe(scanned);
      expect(plan.filter((step) => /\bcontacts\b/.test(step))).toEqual([]);
    },
  );

  it.each(scanned.map((f) => [JSON.stringify(f), f] as const))(
    "of %s counts the matching contacts",
    async (_name, filter) => {
      const { compiled, scanned, plan } = await bothWays(filter);
      expect(compiled).toBe(scanned);
      expect(plan.some((step) => /(SCAN|SEARCH) contacts\b/.test(step))).toBe(true);
    },
  );

  it("reads a list, a value or a range of values by its key, not by reading the contacts", async () => {
    const plans = {
      list: (await bothWays({ list: list.id, status: "subscribed" })).plan,
      equal: (await bothWays({ field: "attributes.plan", op: "eq", value: "pro" })).plan,
      range: (
        await bothWays({
          all: [
            { field: "attributes.score", op: "gte", value: 1 },
            { field: "attributes.score", op: "lt", value: 250 },
          ],
        })
      ).plan,
    };
    expect(plans).toEqual({
      list: [
        "SEARCH list_status_counts USING INDEX sqlite_autoindex_list_status_counts_1 (account_id=? AND list_id=? AND status=?)",
      ],
      equal: [
        "SEARCH contact_value_counts USING INDEX sqlite_autoindex_contact_value_counts_1 (account_id=? AND key=? AND value=?)",
      ],
      range: [
        "SEARCH contact_value_counts USING INDEX sqlite_autoindex_contact_value_counts_1 (account_id=? AND key=? AND value>? AND value<?)",
      ],
    });
  });
});
