import { createNodeDb } from "@edgepost/db/node";
import { sql } from "drizzle-orm";
import { dkimVerify } from "mailauth/lib/dkim/verify";
import { describe, expect, it } from "vitest";
import { useLocalStack } from "./local-stack";

const local = useLocalStack();

interface Mail {
  id: string;
  subject: string;
  html: string;
  text: string;
  to: { address: string }[];
  headers: Record<string, string>;
}

// biome-ignore lint/suspicious/noExplicitAny: the expectations check the shape of what came back
type Json = any;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const { info } = local.stack();
  const res = await fetch(`${info.api}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${info.apiKey}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}

async function until<T>(what: string, read: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe("a campaign through the local stack", () => {
  it("reaches each eligible contact of two overlapping lists exactly once, personalised, with RFC 8058 headers and a valid DKIM signature", async () => {
    const { info, database } = local.stack();
    const run = crypto.randomUUID().slice(0, 8);
    await api("POST", "/v1/contact-fields", { key: "first_name", label: "First name", type: "text" });
    const listA = (await api("POST", "/v1/lists", { name: `A ${run}`, doubleOptIn: false })).body;
    const listB = (await api("POST", "/v1/lists", { name: `B ${run}`, doubleOptIn: false })).body;
    const optIn = (await api("POST", "/v1/lists", { name: `Opt-in ${run}`, doubleOptIn: true })).body;
    const excluded = (await api("POST", "/v1/lists", { name: `VIP ${run}`, doubleOptIn: false })).body;
    const contact = async (name: string, first?: string) =>
      (
        await api("POST", "/v1/contacts", {
          email: `${name}-${run}@example.com`,
          ...(first ? { attributes: { first_name: first } } : {}),
        })
      ).body as { id: string; email: string };
    const subscribe = (list: { id: string }, c: { id: string }) =>
      api("PUT", `/v1/lists/${list.id}/contacts/${c.id}`, { consentText: "Yes, the newsletter." });
    const ann = await contact("ann", "Ann");
    const ben = await contact("ben");
    const vip = await contact("vip", "Vera");
    const suppressed = await contact("sup", "Sam");
    const gone = await contact("gone", "Gil");
    const waiting = await contact("wait", "Wes");
    const bounced = await contact("bounce", "Bo");
    for (const [list, c] of [
      [listA, ann],
      [listB, ann],
      [listB, ben],
      [listA, vip],
      [excluded, vip],
      [listA, suppressed],
      [listA, gone],
      [optIn, waiting],
      [listA, bounced],
    ] as const) {
      expect((await subscribe(list, c)).status).toBe(200);
    }
    expect((await api("POST", `/v1/lists/${listA.id}/contacts/${gone.id}/unsubscribe`)).status).toBe(200);
    expect((await api("POST", "/v1/suppressions", { email: suppressed.email })).status).toBe(201);
    const db = createNodeDb(database);
    await db.run(
      sql`update list_memberships set status = 'bounced' where contact_id = ${bounced.id} and list_id = ${listA.id}`,
    );
    db.$client.close();

    const created = await api("POST", "/v1/campaigns", {
      name: `Newsletter ${run}`,
      audience: { lists: [listA.id, listB.id, optIn.id], excludeLists: [excluded.id] },
      sender: { email: `news@${info.senderDomain}`, name: "Demo Shop" },
      subject: `December ${run} for {{ contact.first_name | default: "you" }}`,
      preheader: "Our best of the year",
      html: `<html><body><p>Hello {{ contact.first_name | default: "friend" }},</p><p><a href="https://shop.example.com/sale?x=1&amp;y=2">Sale</a></p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>`,
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(await api("GET", `/v1/campaigns/${id}/audience`)).toMatchObject({
      status: 200,
      body: { recipients: 2 },
    });

    const started = await api("POST", `/v1/campaigns/${id}/send`);
    expect(started).toMatchObject({ status: 202, body: { status: "sending", audienceSize: 2 } });
    expect((await api("POST", `/v1/campaigns/${id}/send`)).status).toBe(409);

    const done = await until("the campaign to be sent", async () => {
      const got = await api("GET", `/v1/campaigns/${id}`);
      return got.body.status === "sent" ? got.body : undefined;
    });
    expect(done).toMatchObject({ audienceSize: 2, recipientsWritten: 2 });

    const mails = ((await (await fetch(`${info.maildev}/api/email`)).json()) as Mail[]).filter((m) =>
      m.subject.startsWith(`December ${run}`),
    );
    expect(mails.map((m) => m.to[0]?.address).sort()).toEqual([ann.email, ben.email].sort());
    const toAnn = mails.find((m) => m.to[0]?.address === ann.email);
    const toBen = mails.find((m) => m.to[0]?.address === ben.email);
    expect(toAnn?.subject).toBe(`December ${run} for Ann`);
    expect(toBen?.subject).toBe(`December ${run} for you`);
    expect(toAnn?.html).toContain("Hello Ann,");
    expect(toBen?.html).toContain("Hello friend,");
    expect(toAnn?.html).toContain("Our best of the year");
    // The link goes through the click redirect, the unsubscribe link to the public worker.
    expect(toAnn?.html).toContain(`${info.public}/c/`);
    expect(toAnn?.html).not.toContain("https://shop.example.com/sale");
    expect(toAnn?.html).toContain(`${info.public}/o/`);
    expect(toAnn?.text).toContain("https://shop.example.com/sale?x=1&y=2");

    const domains = (await api("GET", "/v1/domains")).body.items as { id: string; domain: string }[];
    const domainId = domains.find((d) => d.domain === info.senderDomain)?.id;
    const records = (await api("GET", `/v1/domains/${domainId}`)).body.records as {
      purpose: string;
      name: string;
      value: string;
    }[];
    const dkim = records.find((r) => r.purpose === "dkim");
    for (const mail of [toAnn, toBen]) {
      const raw = await (await fetch(`${info.maildev}/api/email/${mail?.id}/source`)).text();
      const head = raw.replace(/\r\n/g, "\n");
      const header = (name: string) =>
        head
          .slice(0, head.indexOf("\n\n"))
          .replace(/\n[ \t]+/g, " ")
          .split("\n")
          .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
          ?.slice(name.length + 1)
          .trim();
      expect(header("List-Unsubscribe")).toMatch(new RegExp(`^<${info.public}/u/[A-Za-z0-9_.-]+>$`));
      expect(header("List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      expect(header("Feedback-ID")).toBe(`${id}:${info.accountId}:campaign:edgepost`);
      const unsubscribe = header("List-Unsubscribe")?.slice(1, -1) ?? "";
      expect(mail?.html).toContain(`href="${unsubscribe}"`);

      const verified = await dkimVerify(raw, {
        resolver: async (name: string, type: string) => {
          if (type === "TXT" && name === dkim?.name) return [[dkim.value]];
          throw Object.assign(new Error(`no ${type} ${name}`), { code: "ENOTFOUND" });
        },
      } as never);
      const result = verified.results[0];
      expect(result?.status.result).toBe("pass");
      const signed = (result?.signingHeaders?.keys ?? "").toLowerCase();
      expect(signed).toContain("list-unsubscribe");
      expect(signed).toContain("list-unsubscribe-post");
    }
  });

  it("refuses to start without credits for the whole audience, with the shortfall, and starts nothing", async () => {
    const { database, info } = local.stack();
    const run = crypto.randomUUID().slice(0, 8);
    const list = (await api("POST", "/v1/lists", { name: `Big ${run}`, doubleOptIn: false })).body;
    const c = (await api("POST", "/v1/contacts", { email: `solo-${run}@example.com` })).body;
    await api("PUT", `/v1/lists/${list.id}/contacts/${c.id}`, { consentText: "Yes." });
    const created = await api("POST", "/v1/campaigns", {
      name: `Credits ${run}`,
      audience: { lists: [list.id] },
      sender: { email: `news@${info.senderDomain}` },
      subject: "Hi",
      html: "<p>Hi</p>",
    });
    const db = createNodeDb(database);
    const balance = async () =>
      (
        await db.all<{ b: number }>(
          sql`select coalesce((select balance_after from credit_ledger where account_id = ${info.accountId} and wallet = 'email' order by seq desc limit 1), 0) as b`,
        )
      )[0]?.b ?? 0;
    const held = await balance();
    await db.run(
      sql`insert into credit_ledger (id, account_id, wallet, seq, kind, amount, balance_after, reference, created_at)
          select 'crd_test' || ${run}, ${info.accountId}, 'email', coalesce(max(seq), 0) + 1, 'adjustment', ${-held}, 0, 'test-drain-' || ${run}, 0
          from credit_ledger where account_id = ${info.accountId} and wallet = 'email'`,
    );
    const refused = await api("POST", `/v1/campaigns/${created.body.id}/send`);
    expect(refused).toMatchObject({ status: 402, body: { code: "insufficient_credits", shortfall: 1 } });
    expect((await api("GET", `/v1/campaigns/${created.body.id}`)).body.status).toBe("draft");
    await db.run(
      sql`insert into credit_ledger (id, account_id, wallet, seq, kind, amount, balance_after, reference, created_at)
          select 'crd_back' || ${run}, ${info.accountId}, 'email', max(seq) + 1, 'adjustment', ${held}, ${held}, 'test-refill-' || ${run}, 0
          from credit_ledger where account_id = ${info.accountId} and wallet = 'email'`,
    );
    db.$client.close();
  });

  it("refuses a merge field that is not a contact field, a missing sender and a schedule in the past, naming each field", async () => {
    const run = crypto.randomUUID().slice(0, 8);
    const list = (await api("POST", "/v1/lists", { name: `Bad ${run}`, doubleOptIn: false })).body;
    const created = await api("POST", "/v1/campaigns", {
      name: `Bad ${run}`,
      audience: { lists: [list.id] },
      subject: "Hi {{ contact.nickname }}",
      html: "<p>{{ contact.first_name }}</p>",
    });
    const refused = await api("POST", `/v1/campaigns/${created.body.id}/send`);
    expect(refused.status).toBe(400);
    const paths = (refused.body.errors as { path: string }[]).map((e) => e.path);
    expect(paths).toContain("sender");
    const past = await api("POST", `/v1/campaigns/${created.body.id}/schedule`, {
      at: "2020-01-01T09:00:00+01:00",
      timeZone: "Europe/Zurich",
    });
    expect(past.status).toBe(400);
    expect(past.body.errors).toEqual([{ path: "at", message: "is in the past" }]);
    const { info } = local.stack();
    await api("PATCH", `/v1/campaigns/${created.body.id}`, {
      sender: { email: `news@${info.senderDomain}` },
    });
    const merge = await api("POST", `/v1/campaigns/${created.body.id}/send`);
    expect(merge.status).toBe(400);
    expect(merge.body.errors).toEqual([
      { path: "subject", message: expect.stringContaining("contact.nickname is not a field") },
    ]);
  });
});
