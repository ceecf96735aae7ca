import { auditLog, consentEvents, contacts, listMemberships, newId } from "@edgepost/db";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  confirmSubscription,
  createContact,
  createContactField,
  createList,
  deleteContactField,
  deleteList,
  getContact,
  getList,
  listContactFields,
  listContacts,
  listLists,
  subscribeContact,
  unsubscribeContact,
  updateContact,
  updateList,
} from "../src/contacts/index";
import type { AccountCtx } from "../src/context";
import { addSuppression } from "../src/suppressions/add-suppression";
import { freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-11-30T10:00:00Z") };
const ctx = await freshCtx(clock);

/** The problem a verb throws: its code, and the paths of the fields it names. */
async function problem(work: Promise<unknown>) {
  const error = (await work.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code?: string; fields?: { path: string }[]; issues?: { path: PropertyKey[] }[] } | undefined;
  if (!error) throw new Error("expected the verb to refuse");
  if (error.issues) return { code: "invalid_input", paths: error.issues.map((i) => i.path.join(".")) };
  return { code: error.code, paths: (error.fields ?? []).map((f) => f.path) };
}

/** The same account acting through one of its API keys. */
const asKey = (owner: AccountCtx): AccountCtx => ({
  ...owner,
  principal: { ...owner.principal, actor: newId("key") },
});

async function withFields(owner: AccountCtx) {
  await createContactField({ ctx: owner, input: { key: "first_name", label: "First name", type: "text" } });
  await createContactField({ ctx: owner, input: { key: "age", label: "Age", type: "number" } });
  await createContactField({ ctx: owner, input: { key: "vip", label: "VIP", type: "boolean" } });
  await createContactField({ ctx: owner, input: { key: "birthday", label: "Birthday", type: "date" } });
}

const ledgerOf = (owner: AccountCtx, contactId: string) =>
  ctx.db
    .select()
    .from(consentEvents)
    .where(
      and(eq(consentEvents.accountId, owner.principal.accountId), eq(consentEvents.contactId, contactId)),
    )
    .orderBy(asc(consentEvents.id));

describe("contact fields", () => {
  it("are defined with a key unique in the account, listed, and refused past 50", async () => {
    const owner = await newAccount(ctx);
    const field = await createContactField({
      ctx: owner,
      input: { key: "first_name", label: " First name ", type: "text" },
    });
    expect(field).toMatchObject({
      id: expect.stringMatching(/^fld_/),
      key: "first_name",
      label: "First name",
    });
    expect(
      await problem(
        createContactField({ ctx: owner, input: { key: "first_name", label: "x", type: "number" } }),
      ),
    ).toEqual({ code: "conflict", paths: [] });
    for (const key of ["First", "1st", "_x", "a-b", "a".repeat(41), "", "__proto__"]) {
      expect(
        await problem(createContactField({ ctx: owner, input: { key, label: "x", type: "text" } })),
      ).toEqual({
        code: "invalid_input",
        paths: ["key"],
      });
    }
    expect(
      await problem(
        createContactField({ ctx: owner, input: { key: "x", label: "x", type: "json" as "text" } }),
      ),
    ).toEqual({ code: "invalid_input", paths: ["type"] });
    // Another account may use the same key.
    const other = await newAccount(ctx);
    await createContactField({ ctx: other, input: { key: "first_name", label: "Name", type: "text" } });

    await Promise.all(
      Array.from({ length: 55 }, (_, i) =>
        createContactField({ ctx: owner, input: { key: `f${i}`, label: `F${i}`, type: "text" } }).catch(
          (e: { code: string }) => e.code,
        ),
      ),
    );
    const fields = await listContactFields({ ctx: owner });
    expect(fields).toHaveLength(50);
    expect(
      await problem(createContactField({ ctx: owner, input: { key: "more", label: "x", type: "text" } })),
    ).toEqual({ code: "conflict", paths: [] });
    const audited = await ctx.db.select().from(auditLog).where(eq(auditLog.target, field.id));
    expect(audited.map((a) => a.action)).toEqual(["contact_field.created"]);
  });

  it("are deleted with their values on every contact, and only in their own account", async () => {
    const owner = await newAccount(ctx);
    await withFields(owner);
    const contact = await createContact({
      ctx: owner,
      input: { email: "ann@example.com", attributes: { first_name: "Ann", age: 41 } },
    });
    const fields = await listContactFields({ ctx: owner });
    const age = fields.find((f) => f.key === "age");
    const other = await newAccount(ctx);
    expect(await problem(deleteContactField({ ctx: other, input: { id: age?.id ?? "" } }))).toEqual({
      code: "not_found",
      paths: [],
    });
    await deleteContactField({ ctx: owner, input: { id: age?.id ?? "" } });
    expect((await getContact({ ctx: owner, input: { id: contact.id } })).attributes).toEqual({
      first_name: "Ann",
    });
    expect(
      await problem(updateContact({ ctx: owner, input: { id: contact.id, attributes: { age: 3 } } })),
    ).toEqual({ code: "invalid_input", paths: ["attributes.age"] });
  });
});

describe("contacts", () => {
  it("are stored with a lower-cased email, an E.164 phone and typed attributes", async () => {
    const owner = await newAccount(ctx);
    await withFields(owner);
    // A key that is also a name on Object.prototype is a field like any other.
    await createContactField({ ctx: owner, input: { key: "constructor", label: "Made by", type: "text" } });
    const contact = await createContact({
      ctx: owner,
      input: {
        email: "Ann.Muller@Example.COM",
        phone: "079 123 45 67",
        defaultCountry: "CH",
        attributes: { first_name: "Ann", age: 41, vip: true, birthday: "1985-02-28", constructor: "Acme" },
      },
    });
    expect(contact).toMatchObject({
      id: expect.stringMatching(/^con_[0-9a-z]{26}$/),
      email: "ann.muller@example.com",
      phone: "+41791234567",
      attributes: { age: 41, birthday: "1985-02-28", constructor: "Acme", first_name: "Ann", vip: true },
    });
    expect(await getContact({ ctx: owner, input: { id: contact.id } })).toEqual({
      ...contact,
      memberships: [],
    });
    const phoneOnly = await createContact({ ctx: owner, input: { phone: "+44 (0)20 7946 0958" } });
    expect(phoneOnly).toMatchObject({ email: null, phone: "+442079460958", attributes: {} });
  });

  it("normalise national phone formats to E.164 with a default country", async () => {
    const owner = await newAccount(ctx);
    const cases: [string, string | undefined, string][] = [
      ["079 123 45 67", "CH", "+41791234567"],
      ["0041 79 123 45 67", "CH", "+41791234567"],
      ["+41 (0)79 123 45 67", undefined, "+41791234567"],
      ["030 901820", "DE", "+4930901820"],
      ["(201) 555-0123", "US", "+12015550123"],
      ["06 12 34 56 78", "FR", "+33612345678"],
      ["020 7946 0958", "GB", "+442079460958"],
    ];
    for (const [phone, defaultCountry, e164] of cases) {
      const made = await createContact({ ctx: owner, input: { phone, defaultCountry } });
      expect(made.phone).toBe(e164);
      await ctx.db.delete(contacts).where(eq(contacts.id, made.id));
    }
    for (const [phone, defaultCountry] of [
      ["079 123 45 67", undefined],
      ["12345", "CH"],
      ["+1 555 000", undefined],
      ["not a number", "CH"],
      ["+41 79 123 45 67 89 12", undefined],
    ] as const) {
      expect(await problem(createContact({ ctx: owner, input: { phone, defaultCountry } }))).toEqual({
        code: "invalid_input",
        paths: ["phone"],
      });
    }
    expect(
      await problem(createContact({ ctx: owner, input: { phone: "0791234567", defaultCountry: "XX" } })),
    ).toEqual({ code: "invalid_input", paths: ["defaultCountry"] });
    expect(
      await problem(createContact({ ctx: owner, input: { phone: "0791234567", defaultCountry: "ch" } })),
    ).toEqual({ code: "invalid_input", paths: ["defaultCountry"] });
  });

  it("refuse missing or invalid addresses and hostile attributes, naming the field", async () => {
    const owner = await newAccount(ctx);
    await withFields(owner);
    const refused = (input: Record<string, unknown>) =>
      problem(createContact({ ctx: owner, input: input as Parameters<typeof createContact>[0]["input"] }));
    expect(await refused({})).toEqual({ code: "invalid_input", paths: ["email"] });
    expect(await refused({ email: "not-an-address" })).toEqual({ code: "invalid_input", paths: ["email"] });
    expect(await refused({ email: `${"a".repeat(250)}@example.com` })).toEqual({
      code: "invalid_input",
      paths: ["email"],
    });
    expect(await refused({ email: "a@example.com", extra: 1 })).toEqual({
      code: "invalid_input",
      paths: [""],
    });
    const hostile: [Record<string, unknown>, string][] = [
      [{ nickname: "x" }, "attributes.nickname"],
      [{ First_Name: "x" }, "attributes.First_Name"],
      [{ "attributes.first_name": "x" }, "attributes.attributes.first_name"],
      [{ age: "41" }, "attributes.age"],
      [{ age: true }, "attributes.age"],
      [{ vip: "yes" }, "attributes.vip"],
      [{ first_name: 12 }, "attributes.first_name"],
      [{ birthday: "2026-02-30" }, "attributes.birthday"],
      [{ birthday: "30.11.2026" }, "attributes.birthday"],
      [{ birthday: "2026-11-30T10:00:00Z" }, "attributes.birthday"],
      [{ birthday: 1700000000000 }, "attributes.birthday"],
      [{ first_name: { $ne: null } }, "attributes.first_name"],
      [{ first_name: ["Ann"] }, "attributes.first_name"],
      [{ first_name: "x".repeat(2001) }, "attributes.first_name"],
      [{ toString: "x" }, "attributes.toString"],
      [{ hasOwnProperty: 1 }, "attributes.hasOwnProperty"],
    ];
    for (const [attributes, path] of hostile) {
      expect(await refused({ email: "a@example.com", attributes }), JSON.stringify(attributes)).toEqual({
        code: "invalid_input",
        paths: [path],
      });
    }
    expect(
      await refused({
        email: "a@example.com",
        attributes: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, 1])),
      }),
    ).toEqual({ code: "invalid_input", paths: ["attributes"] });
    expect(await refused({ email: "a@example.com", attributes: "first_name=x" })).toEqual({
      code: "invalid_input",
      paths: ["attributes"],
    });
    // A `__proto__` key from JSON is dropped before anything sees it: no pollution, nothing stored.
    const polluting = JSON.parse('{"__proto__": {"polluted": true}, "first_name": "Eve"}') as Record<
      string,
      string
    >;
    const eve = await createContact({
      ctx: owner,
      input: { email: "eve@example.com", attributes: polluting },
    });
    expect(eve.attributes).toEqual({ first_name: "Eve" });
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(Object.keys((await getContact({ ctx: owner, input: { id: eve.id } })).attributes)).toEqual([
      "first_name",
    ]);
    const [row] = await ctx.db.select().from(contacts).where(eq(contacts.id, eve.id));
    expect(JSON.stringify(row?.attributes)).toBe('{"first_name":"Eve"}');
  });

  it("are unique by email (any case) and by phone (any format) in an account, not across accounts", async () => {
    const owner = await newAccount(ctx);
    await createContact({ ctx: owner, input: { email: "bob@example.com", phone: "+41791234567" } });
    expect(await problem(createContact({ ctx: owner, input: { email: "BOB@example.com" } }))).toEqual({
      code: "conflict",
      paths: ["email"],
    });
    expect(
      await problem(createContact({ ctx: owner, input: { phone: "079 123 45 67", defaultCountry: "CH" } })),
    ).toEqual({ code: "conflict", paths: ["phone"] });
    const other = await newAccount(ctx);
    await createContact({ ctx: other, input: { email: "bob@example.com", phone: "+41791234567" } });
    const carol = await createContact({ ctx: owner, input: { email: "carol@example.com" } });
    expect(
      await problem(updateContact({ ctx: owner, input: { id: carol.id, email: "Bob@Example.com" } })),
    ).toEqual({
      code: "conflict",
      paths: ["email"],
    });
    expect(
      await problem(updateContact({ ctx: owner, input: { id: carol.id, phone: "+41 79 123 45 67" } })),
    ).toEqual({ code: "conflict", paths: ["phone"] });
  });

  it("created ten times at once with the same email exist exactly once", async () => {
    const owner = await newAccount(ctx);
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        createContact({ ctx: owner, input: { email: i % 2 ? "RACE@example.com" : "race@example.com" } }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refusals = results.flatMap((r) => (r.status === "rejected" ? [r.reason as { code: string }] : []));
    expect(refusals).toHaveLength(9);
    expect(refusals.every((e) => e.code === "conflict")).toBe(true);
    const rows = await ctx.db
      .select()
      .from(contacts)
      .where(eq(contacts.accountId, owner.principal.accountId));
    expect(rows.map((r) => r.email)).toEqual(["race@example.com"]);
  });

  it("are changed: attributes merged, null removes, and one address must remain", async () => {
    const owner = await newAccount(ctx);
    await withFields(owner);
    const ann = await createContact({
      ctx: owner,
      input: { email: "ann@example.com", attributes: { first_name: "Ann", age: 40 } },
    });
    clock.now = new Date(clock.now.getTime() + 1000);
    const changed = await updateContact({
      ctx: owner,
      input: { id: ann.id, phone: "0791234567", defaultCountry: "CH", attributes: { age: null, vip: false } },
    });
    expect(changed).toMatchObject({
      email: "ann@example.com",
      phone: "+41791234567",
      attributes: { first_name: "Ann", vip: false },
      updatedAt: clock.now,
      createdAt: ann.createdAt,
    });
    const { memberships: _, ...read } = await getContact({ ctx: owner, input: { id: ann.id } });
    expect(read).toEqual(changed);
    const noEmail = await updateContact({ ctx: owner, input: { id: ann.id, email: null } });
    expect(noEmail.email).toBeNull();
    expect(await problem(updateContact({ ctx: owner, input: { id: ann.id, phone: null } }))).toEqual({
      code: "invalid_input",
      paths: ["email"],
    });
    expect(await problem(updateContact({ ctx: owner, input: { id: ann.id, phone: "12" } }))).toEqual({
      code: "invalid_input",
      paths: ["phone"],
    });
    expect(
      await problem(updateContact({ ctx: owner, input: { id: ann.id, attributes: { nope: 1 } } })),
    ).toEqual({
      code: "invalid_input",
      paths: ["attributes.nope"],
    });
    const audited = await ctx.db.select().from(auditLog).where(eq(auditLog.target, ann.id));
    expect(audited.map((a) => a.action).sort()).toEqual([
      "contact.created",
      "contact.updated",
      "contact.updated",
    ]);
  });

  it("are listed newest first a page at a time, searched by prefix and filtered by list and status", async () => {
    const owner = await newAccount(ctx);
    const made = [];
    for (const [i, email] of [
      "alice@a.example",
      "al_x@b.example",
      "bob@c.example",
      "zed@d.example",
    ].entries()) {
      made.push(await createContact({ ctx: owner, input: { email, phone: `+4179123450${i}` } }));
      await new Promise((r) => setTimeout(r, 2));
    }
    const other = await newAccount(ctx);
    await createContact({ ctx: other, input: { email: "alice@a.example" } });

    const first = await listContacts({ ctx: owner, input: { limit: 3 } });
    expect(first.items.map((c) => c.id)).toEqual(
      made
        .map((c) => c.id)
        .reverse()
        .slice(0, 3),
    );
    expect(first.nextCursor).toBe(made[1]?.id);
    const second = await listContacts({
      ctx: owner,
      input: { limit: 3, cursor: first.nextCursor ?? undefined },
    });
    expect(second).toEqual({ items: [made[0]], nextCursor: null });

    const search = async (q: string) =>
      (await listContacts({ ctx: owner, input: { q } })).items.map((c) => c.email).sort();
    expect(await search("AL")).toEqual(["al_x@b.example", "alice@a.example"]);
    // LIKE wildcards are matched literally.
    expect(await search("al_")).toEqual(["al_x@b.example"]);
    expect(await search("%")).toEqual([]);
    expect(await search("b")).toEqual(["bob@c.example"]);
    expect(await search("+417912345")).toHaveLength(4);
    expect(await search("+4179123450 3".replace(" ", ""))).toEqual(["zed@d.example"]);
    expect(await search("example")).toEqual([]);

    const list = await createList({ ctx: owner, input: { name: "News", doubleOptIn: false } });
    const optIn = await createList({ ctx: owner, input: { name: "Opt-in" } });
    for (const c of [made[0], made[2]]) {
      await subscribeContact({
        ctx: owner,
        input: { listId: list.id, contactId: c?.id ?? "", consentText: "Yes" },
      });
    }
    await subscribeContact({
      ctx: owner,
      input: { listId: optIn.id, contactId: made[3]?.id ?? "", consentText: "Yes" },
    });
    await unsubscribeContact({ ctx: owner, input: { listId: list.id, contactId: made[2]?.id ?? "" } });
    const filtered = async (input: Parameters<typeof listContacts>[0]["input"]) =>
      (await listContacts({ ctx: owner, input })).items.map((c) => c.email).sort();
    expect(await filtered({ listId: list.id })).toEqual(["alice@a.example", "bob@c.example"]);
    expect(await filtered({ listId: list.id, status: "subscribed" })).toEqual(["alice@a.example"]);
    expect(await filtered({ listId: list.id, status: "unsubscribed", q: "b" })).toEqual(["bob@c.example"]);
    expect(await filtered({ status: "unconfirmed" })).toEqual(["zed@d.example"]);
    // Another account's list filters to nothing.
    const foreign = await createList({ ctx: other, input: { name: "News" } });
    expect(await filtered({ listId: foreign.id })).toEqual([]);
    expect(await problem(listContacts({ ctx: owner, input: { cursor: "nope" } }))).toEqual({
      code: "invalid_input",
      paths: ["cursor"],
    });
  });

  it("of another account are not found, read or changed", async () => {
    const a = await newAccount(ctx);
    const b = await newAccount(ctx);
    const contact = await createContact({ ctx: a, input: { email: "ann@example.com" } });
    const list = await createList({ ctx: a, input: { name: "A's" } });
    const bList = await createList({ ctx: b, input: { name: "B's" } });
    const bContact = await createContact({ ctx: b, input: { email: "bob@example.com" } });
    const notFound = { code: "not_found", paths: [] };
    expect(await problem(getContact({ ctx: b, input: { id: contact.id } }))).toEqual(notFound);
    expect(
      await problem(updateContact({ ctx: b, input: { id: contact.id, email: "x@example.com" } })),
    ).toEqual(notFound);
    expect(await problem(getList({ ctx: b, input: { id: list.id } }))).toEqual(notFound);
    expect(await problem(updateList({ ctx: b, input: { id: list.id, name: "x" } }))).toEqual(notFound);
    expect(await problem(deleteList({ ctx: b, input: { id: list.id } }))).toEqual(notFound);
    const consentText = "Yes please";
    // Neither A's list with B's contact, nor B's list with A's contact.
    for (const [listId, contactId] of [
      [list.id, bContact.id],
      [bList.id, contact.id],
      [list.id, contact.id],
    ] as const) {
      expect(await problem(subscribeContact({ ctx: b, input: { listId, contactId, consentText } }))).toEqual(
        notFound,
      );
    }
    await subscribeContact({ ctx: a, input: { listId: list.id, contactId: contact.id, consentText } });
    expect(
      await problem(confirmSubscription({ ctx: b, input: { listId: list.id, contactId: contact.id } })),
    ).toEqual(notFound);
    expect(
      await problem(unsubscribeContact({ ctx: b, input: { listId: list.id, contactId: contact.id } })),
    ).toEqual(notFound);
    expect((await listLists({ ctx: b, input: {} })).items.map((l) => l.id)).toEqual([bList.id]);
    expect((await listContacts({ ctx: b, input: {} })).items.map((c) => c.id)).toEqual([bContact.id]);
    expect((await getContact({ ctx: a, input: { id: contact.id } })).memberships).toMatchObject([
      { listId: list.id, status: "unconfirmed" },
    ]);
  });
});

describe("lists and the consent ledger", () => {
  it("have names unique in the account, are changed, listed and counted", async () => {
    const owner = await newAccount(ctx);
    const list = await createList({ ctx: owner, input: { name: "Newsletter" } });
    expect(list).toMatchObject({ id: expect.stringMatching(/^lst_/), name: "Newsletter", doubleOptIn: true });
    expect(await problem(createList({ ctx: owner, input: { name: "Newsletter" } }))).toEqual({
      code: "conflict",
      paths: ["name"],
    });
    const second = await createList({ ctx: owner, input: { name: "Offers", doubleOptIn: false } });
    expect(await problem(updateList({ ctx: owner, input: { id: second.id, name: "Newsletter" } }))).toEqual({
      code: "conflict",
      paths: ["name"],
    });
    expect(await updateList({ ctx: owner, input: { id: second.id, doubleOptIn: true } })).toMatchObject({
      name: "Offers",
      doubleOptIn: true,
    });
    expect(await problem(createList({ ctx: owner, input: { name: " " } }))).toEqual({
      code: "invalid_input",
      paths: ["name"],
    });
    const page = await listLists({ ctx: owner, input: { limit: 1 } });
    expect(page.items).toHaveLength(1);
    const rest = await listLists({ ctx: owner, input: { cursor: page.nextCursor ?? undefined } });
    expect([...page.items, ...rest.items].map((l) => l.id).sort()).toEqual([list.id, second.id].sort());
    expect((await getList({ ctx: owner, input: { id: list.id } })).counts).toEqual({
      unconfirmed: 0,
      subscribed: 0,
      unsubscribed: 0,
      bounced: 0,
      complained: 0,
    });
  });

  it("record each subscription, confirmation and unsubscription in the ledger with its content", async () => {
    const owner = await newAccount(ctx);
    const key = asKey(owner);
    const list = await createList({ ctx: owner, input: { name: "Newsletter" } });
    const ann = await createContact({
      ctx: owner,
      input: { email: "ann@example.com", phone: "+41791234567" },
    });
    const consentText = "I agree to receive the Acme newsletter monthly. <b>Unsubscribe</b> any time.\n";
    const t0 = clock.now;

    const subscribed = await subscribeContact({
      ctx: key,
      input: { listId: list.id, contactId: ann.id, consentText, ip: "203.0.113.7", userAgent: "Mozilla/5.0" },
    });
    expect(subscribed).toMatchObject({ changed: true, membership: { status: "unconfirmed" } });
    // Subscribing again while waiting for confirmation changes nothing and writes nothing.
    expect(
      await subscribeContact({
        ctx: key,
        input: { listId: list.id, contactId: ann.id, consentText: "Other" },
      }),
    ).toMatchObject({ changed: false, membership: { status: "unconfirmed" } });

    clock.now = new Date(t0.getTime() + 60_000);
    const confirmed = await confirmSubscription({
      ctx: owner,
      input: { listId: list.id, contactId: ann.id, ip: "198.51.100.1" },
    });
    expect(confirmed).toMatchObject({ changed: true, membership: { status: "subscribed" } });
    expect(
      await confirmSubscription({ ctx: owner, input: { listId: list.id, contactId: ann.id } }),
    ).toMatchObject({
      changed: false,
    });

    clock.now = new Date(t0.getTime() + 120_000);
    expect(
      await unsubscribeContact({ ctx: key, input: { listId: list.id, contactId: ann.id } }),
    ).toMatchObject({
      changed: true,
      membership: { status: "unsubscribed" },
    });
    expect(
      await unsubscribeContact({ ctx: key, input: { listId: list.id, contactId: ann.id } }),
    ).toMatchObject({
      changed: false,
    });
    expect(
      await problem(confirmSubscription({ ctx: owner, input: { listId: list.id, contactId: ann.id } })),
    ).toEqual({ code: "conflict", paths: [] });

    const ledger = await ledgerOf(owner, ann.id);
    const base = { accountId: owner.principal.accountId, contactId: ann.id, listId: list.id };
    const who = { email: "ann@example.com", phone: "+41791234567" };
    expect(ledger).toEqual([
      {
        ...base,
        ...who,
        id: expect.stringMatching(/^cns_[0-9a-z]{26}$/),
        action: "subscribed",
        source: "api",
        sourceRef: key.principal.actor,
        ip: "203.0.113.7",
        userAgent: "Mozilla/5.0",
        consentText: consentText,
        confirmedAt: null,
        occurredAt: t0,
      },
      {
        ...base,
        ...who,
        id: expect.stringMatching(/^cns_/),
        action: "confirmed",
        source: "manual",
        sourceRef: owner.principal.actor,
        ip: "198.51.100.1",
        userAgent: null,
        consentText: null,
        confirmedAt: new Date(t0.getTime() + 60_000),
        occurredAt: new Date(t0.getTime() + 60_000),
      },
      {
        ...base,
        ...who,
        id: expect.stringMatching(/^cns_/),
        action: "unsubscribed",
        source: "api",
        sourceRef: key.principal.actor,
        ip: null,
        userAgent: null,
        consentText: null,
        confirmedAt: null,
        occurredAt: new Date(t0.getTime() + 120_000),
      },
    ]);

    // Back from unsubscribed on a single opt-in list: subscribed at once, a new entry.
    clock.now = new Date(t0.getTime() + 180_000);
    await updateList({ ctx: owner, input: { id: list.id, doubleOptIn: false } });
    expect(
      await subscribeContact({
        ctx: owner,
        input: { listId: list.id, contactId: ann.id, consentText: "Again" },
      }),
    ).toMatchObject({ changed: true, membership: { status: "subscribed" } });
    expect((await ledgerOf(owner, ann.id)).map((e) => [e.action, e.consentText])).toEqual([
      ["subscribed", consentText],
      ["confirmed", null],
      ["unsubscribed", null],
      ["subscribed", "Again"],
    ]);
    expect((await getList({ ctx: owner, input: { id: list.id } })).counts.subscribed).toBe(1);
  });

  it("need the consent text, and refuse a suppressed address or a membership that is not there", async () => {
    const owner = await newAccount(ctx);
    const list = await createList({ ctx: owner, input: { name: "News", doubleOptIn: false } });
    const ann = await createContact({ ctx: owner, input: { email: "ann@example.com" } });
    const input = { listId: list.id, contactId: ann.id };
    for (const consentText of ["", "   ", "x".repeat(10_001), undefined]) {
      expect(
        await problem(
          subscribeContact({ ctx: owner, input: { ...input, consentText: consentText as string } }),
        ),
      ).toEqual({ code: "invalid_input", paths: ["consentText"] });
    }
    expect(
      await subscribeContact({ ctx: owner, input: { ...input, consentText: "x".repeat(10_000) } }),
    ).toMatchObject({ changed: true });

    const eve = await createContact({ ctx: owner, input: { email: "Eve@example.com" } });
    await addSuppression({ ctx: owner, input: { email: "eve@example.com", reason: "complaint" } });
    expect(
      await problem(
        subscribeContact({ ctx: owner, input: { listId: list.id, contactId: eve.id, consentText: "Yes" } }),
      ),
    ).toEqual({ code: "conflict", paths: [] });
    expect(await ledgerOf(owner, eve.id)).toEqual([]);
    expect(
      await problem(unsubscribeContact({ ctx: owner, input: { listId: list.id, contactId: eve.id } })),
    ).toEqual({ code: "not_found", paths: [] });
    // A bounced member is not subscribed again.
    await ctx.db
      .update(listMemberships)
      .set({ status: "bounced" })
      .where(and(eq(listMemberships.listId, list.id), eq(listMemberships.contactId, ann.id)));
    expect(await problem(subscribeContact({ ctx: owner, input: { ...input, consentText: "Yes" } }))).toEqual({
      code: "conflict",
      paths: [],
    });
    expect(await unsubscribeContact({ ctx: owner, input })).toMatchObject({
      changed: false,
      membership: { status: "bounced" },
    });
  });

  it("subscribed at once from many requests write one ledger entry", async () => {
    const owner = await newAccount(ctx);
    const list = await createList({ ctx: owner, input: { name: "News" } });
    const ann = await createContact({ ctx: owner, input: { email: "ann@example.com" } });
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        subscribeContact({ ctx: owner, input: { listId: list.id, contactId: ann.id, consentText: "Yes" } }),
      ),
    );
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    expect(await ledgerOf(owner, ann.id)).toHaveLength(1);
  });

  it("are deleted with their memberships, the ledger recording who was still subscribed", async () => {
    const owner = await newAccount(ctx);
    const list = await createList({ ctx: owner, input: { name: "Old", doubleOptIn: false } });
    const kept = await createList({ ctx: owner, input: { name: "Kept", doubleOptIn: false } });
    const people = await Promise.all(
      ["a@example.com", "b@example.com", "c@example.com"].map((email) =>
        createContact({ ctx: owner, input: { email } }),
      ),
    );
    for (const p of people) {
      await subscribeContact({ ctx: owner, input: { listId: list.id, contactId: p.id, consentText: "Yes" } });
    }
    await subscribeContact({
      ctx: owner,
      input: { listId: kept.id, contactId: people[0]?.id ?? "", consentText: "Yes" },
    });
    await unsubscribeContact({ ctx: owner, input: { listId: list.id, contactId: people[2]?.id ?? "" } });
    await deleteList({ ctx: owner, input: { id: list.id } });
    expect(await problem(getList({ ctx: owner, input: { id: list.id } }))).toEqual({
      code: "not_found",
      paths: [],
    });
    expect(await ctx.db.select().from(listMemberships).where(eq(listMemberships.listId, list.id))).toEqual(
      [],
    );
    expect((await getContact({ ctx: owner, input: { id: people[0]?.id ?? "" } })).memberships).toMatchObject([
      { listId: kept.id, status: "subscribed" },
    ]);
    const ledger = await ctx.db
      .select()
      .from(consentEvents)
      .where(and(eq(consentEvents.listId, list.id), eq(consentEvents.action, "unsubscribed")));
    expect(ledger.map((e) => e.email).sort()).toEqual(["a@example.com", "b@example.com", "c@example.com"]);
    expect(
      ledger.every((e) => /^cns_[0-9a-z]{26}$/.test(e.id) && e.sourceRef === owner.principal.actor),
    ).toBe(true);
  });

  it("are refused to a role without contacts:write and to a suspended account", async () => {
    const owner = await newAccount(ctx);
    const viewer: AccountCtx = { ...owner, principal: { ...owner.principal, role: "viewer" } };
    const suspended: AccountCtx = { ...owner, principal: { ...owner.principal, accountStatus: "suspended" } };
    expect(await problem(createList({ ctx: viewer, input: { name: "x" } }))).toEqual({
      code: "forbidden",
      paths: [],
    });
    expect(await problem(createContact({ ctx: suspended, input: { email: "x@example.com" } }))).toEqual({
      code: "account_suspended",
      paths: [],
    });
    expect(await listContacts({ ctx: viewer, input: {} })).toEqual({ items: [], nextCursor: null });
  });
});
