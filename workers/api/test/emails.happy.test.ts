import { creditLedger, messageAttachments, messageEvents, messages } from "@edgepost/db";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sendDirect } from "./operations";
import { db, newTenant, verifiedDomain } from "./seed";

type SendAnswer = { id: string; status: string; suppressed: string[] };

async function sender() {
  const tenant = await newTenant();
  return { ...tenant, domain: await verifiedDomain(tenant.accountId) };
}

const post = (path: string, headers: Record<string, string>, json: unknown) =>
  sendDirect("POST", path, headers, { json });

async function balance(accountId: string) {
  const rows = await db
    .select({ balance: creditLedger.balanceAfter })
    .from(creditLedger)
    .where(and(eq(creditLedger.accountId, accountId), eq(creditLedger.wallet, "email")))
    .orderBy(asc(creditLedger.seq));
  return rows.at(-1)?.balance ?? 0;
}

describe("POST /v1/emails", () => {
  it("accepts an email, stores it as queued with its event, and spends one credit per recipient", async () => {
    const a = await sender();
    const res = await post("/v1/emails", a.headers, {
      from: `Acme Shop <shop@${a.domain}>`,
      to: ["Ann <ann@example.com>", "bob@example.com"],
      cc: ["carol@example.com"],
      bcc: [{ email: "audit@example.com" }],
      replyTo: "help@example.com",
      subject: "Your order",
      html: '<p>Shipped: <a href="https://track.example/1">track it</a></p>',
      tags: ["orders"],
      metadata: { orderId: "1042" },
      headers: { "X-Campaign": "autumn" },
      attachments: [
        { filename: "invoice.pdf", content: btoa("%PDF-1.4 fake"), contentType: "application/pdf" },
      ],
    });
    expect(res.status).toBe(202);
    const sent = (await res.json()) as SendAnswer;
    expect(sent).toEqual({ id: expect.stringMatching(/^msg_/), status: "queued", suppressed: [] });

    const got = await sendDirect("GET", `/v1/emails/${sent.id}`, a.headers);
    expect(got.status).toBe(200);
    const email = (await got.json()) as Record<string, unknown>;
    expect(email).toMatchObject({
      id: sent.id,
      status: "queued",
      from: { email: `shop@${a.domain}`, name: "Acme Shop" },
      to: [{ email: "ann@example.com", name: "Ann" }, { email: "bob@example.com" }],
      cc: [{ email: "carol@example.com" }],
      bcc: [{ email: "audit@example.com" }],
      replyTo: { email: "help@example.com" },
      subject: "Your order",
      tags: ["orders"],
      metadata: { orderId: "1042" },
      credits: 4,
      messageIdHeader: `<${sent.id}@${a.domain}>`,
      events: [{ type: "queued", recipient: null }],
      attachments: [{ filename: "invoice.pdf", contentType: "application/pdf", size: 13 }],
    });
    const [row] = await db.select().from(messages).where(eq(messages.id, sent.id));
    // Given only HTML, the text part is made from it, links kept.
    expect(row?.text).toBe("Shipped: track it (https://track.example/1)");
    const [file] = await db
      .select()
      .from(messageAttachments)
      .where(eq(messageAttachments.messageId, sent.id));
    expect(atob(file?.contentBase64 ?? "")).toBe("%PDF-1.4 fake");
    // The free plan's 3,000 for the month, less 4.
    expect(await balance(a.accountId)).toBe(2996);

    // The account's export has the message, the domain and the ledger, no key material or body.
    const exported = (await (await sendDirect("GET", "/v1/account/export", a.headers)).json()) as Record<
      string,
      unknown[]
    >;
    expect(exported.messages?.map((m) => (m as { id: string }).id)).toContain(sent.id);
    expect(exported.senderDomains).toMatchObject([{ domain: a.domain, status: "verified" }]);
    expect(exported.creditLedger?.map((e) => (e as { kind: string }).kind)).toEqual([
      "allowance",
      "consumption",
    ]);
    expect(JSON.stringify(exported)).not.toMatch(/dkimPrivateKey|Sealed|Shipped: /);
  });

  it("sends a batch all at once, and lists and filters what was sent", async () => {
    const a = await sender();
    const emails = ["one", "two", "three"].map((n) => ({
      from: `news@${a.domain}`,
      to: `${n}@example.com`,
      subject: `Hello ${n}`,
      text: `Hi ${n}`,
      tags: n === "two" ? ["special"] : ["plain"],
    }));
    const res = await post("/v1/emails/batch", a.headers, { emails });
    expect(res.status).toBe(202);
    const { data } = (await res.json()) as { data: SendAnswer[] };
    expect(data.map((d) => d.status)).toEqual(["queued", "queued", "queued"]);

    const list = async (query: string) =>
      (await (await sendDirect("GET", `/v1/emails${query}`, a.headers)).json()) as {
        items: { id: string; subject: string }[];
        nextCursor: string | null;
      };
    // Newest first; emails of one batch share their time, so among them the order is not fixed.
    const all = await list("");
    expect(all.items.map((e) => e.subject).sort()).toEqual(["Hello one", "Hello three", "Hello two"]);
    expect((await list("?tag=special")).items.map((e) => e.id)).toEqual([data[1]?.id]);
    expect((await list("?to=one@example.com")).items.map((e) => e.id)).toEqual([data[0]?.id]);
    const first = await list("?limit=2");
    expect(first.items).toHaveLength(2);
    const rest = await list(`?limit=2&cursor=${first.nextCursor}`);
    expect([...first.items, ...rest.items].map((e) => e.id).sort()).toEqual(data.map((d) => d.id).sort());
    expect(rest.nextCursor).toBeNull();
  });

  it("answers a repeated Idempotency-Key with the first answer, and refuses it with another body", async () => {
    const a = await sender();
    const body = { from: `hi@${a.domain}`, to: "ann@example.com", subject: "Once", text: "Only once" };
    const headers = { ...a.headers, "idempotency-key": `order-1042-${crypto.randomUUID()}` };
    const answers = await Promise.all(Array.from({ length: 8 }, () => post("/v1/emails", headers, body)));
    expect(answers.map((r) => r.status)).toEqual(Array(8).fill(202));
    const ids = new Set(await Promise.all(answers.map(async (r) => ((await r.json()) as SendAnswer).id)));
    expect(ids.size).toBe(1);
    const replay = await post("/v1/emails", headers, { ...body });
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(((await replay.json()) as SendAnswer).id).toBe([...ids][0]);
    const rows = await db.select().from(messages).where(eq(messages.accountId, a.accountId));
    expect(rows).toHaveLength(1);
    expect(await balance(a.accountId)).toBe(2999);

    const other = await post("/v1/emails", headers, { ...body, subject: "Twice?" });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ code: "idempotency_key_reused" });
  });

  it("refuses suppressed recipients without spending credits on them, and records it", async () => {
    const a = await sender();
    const added = await post("/v1/suppressions", a.headers, {
      email: "Gone@Example.com",
      reason: "hard_bounce",
    });
    expect(added.status).toBe(201);
    const mixed = await post("/v1/emails", a.headers, {
      from: `hi@${a.domain}`,
      to: ["gone@example.com", "here@example.com"],
      subject: "Hi",
      text: "Hi",
    });
    expect(await mixed.json()).toMatchObject({ status: "queued", suppressed: ["gone@example.com"] });
    const only = (await (
      await post("/v1/emails", a.headers, {
        from: `hi@${a.domain}`,
        to: "GONE@example.com",
        subject: "Hi",
        text: "Hi",
      })
    ).json()) as SendAnswer;
    expect(only).toMatchObject({ status: "suppressed", suppressed: ["GONE@example.com"] });
    const events = await db.select().from(messageEvents).where(eq(messageEvents.messageId, only.id));
    expect(events.map((e) => [e.type, e.recipient])).toEqual([["suppressed", "gone@example.com"]]);
    // Copies of a message to no one are not sent either.
    const copies = (await (
      await post("/v1/emails", a.headers, {
        from: `hi@${a.domain}`,
        to: "gone@example.com",
        cc: ["copy@example.com"],
        subject: "Hi",
        text: "Hi",
      })
    ).json()) as SendAnswer;
    expect(copies).toMatchObject({ status: "suppressed", suppressed: ["gone@example.com"] });
    expect(await balance(a.accountId)).toBe(2999);
  });

  it("renders a stored template with its variables, escaping them in HTML", async () => {
    const a = await sender();
    const created = await post("/v1/templates", a.headers, {
      name: "welcome",
      subject: "Welcome, {{ name }}",
      html: "<p>Hello {{ name }}</p>",
      text: "Hello {{ name }}",
    });
    expect(created.status).toBe(201);
    const template = (await created.json()) as { id: string };
    const res = await post("/v1/emails", a.headers, {
      from: `hi@${a.domain}`,
      to: "ann@example.com",
      template: { id: template.id, variables: { name: "Ann <b>&</b>" } },
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as SendAnswer;
    const [row] = await db.select().from(messages).where(eq(messages.id, id));
    expect(row).toMatchObject({
      subject: "Welcome, Ann <b>&</b>",
      text: "Hello Ann <b>&</b>",
      html: "<p>Hello Ann &lt;b&gt;&amp;&lt;/b&gt;</p>",
      templateId: template.id,
    });
  });
});
