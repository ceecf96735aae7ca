import { accounts, creditLedger, messages } from "@edgepost/db";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { sendDirect } from "./operations";
import { db, newTenant, rowCounts, verifiedDomain } from "./seed";

const OPERATOR = { authorization: "Bearer test-operator-key" };
const post = (path: string, headers: Record<string, string>, json: unknown) =>
  sendDirect("POST", path, headers, { json });

async function sender() {
  const tenant = await newTenant();
  return { ...tenant, domain: await verifiedDomain(tenant.accountId) };
}

type Problem = { code: string; errors?: { path: string; message: string }[] };

describe("refused sends change nothing", () => {
  it("refuses a sender whose domain the account has not verified, naming `from`", async () => {
    const a = await sender();
    const before = await rowCounts();
    const res = await post("/v1/emails", a.headers, {
      from: "me@not-verified.example",
      to: "x@example.com",
      subject: "s",
      text: "t",
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as Problem;
    expect(problem.errors?.map((e) => e.path)).toEqual(["from"]);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses CR, LF and other controls in every field that reaches a header, naming it", async () => {
    const a = await sender();
    const good = { from: `hi@${a.domain}`, to: "ann@example.com", subject: "Hello", text: "Body" };
    const attacks: [string, Record<string, unknown>][] = [
      ["subject", { subject: "Hi\r\nBcc: victim@example.com" }],
      ["from", { from: `Evil\r\nBcc: v@example.com <hi@${a.domain}>` }],
      ["from", { from: { email: `hi@${a.domain}`, name: "Evil\nBcc: v@example.com" } }],
      ["to.0", { to: ["Ann\r\nX-Injected: 1 <ann@example.com>"] }],
      ["to.0", { to: ["ann@example.com\r\nBcc: v@example.com"] }],
      ["cc.0", { cc: [{ email: "c@example.com", name: "C\rBcc: v@example.com" }] }],
      ["bcc.0", { bcc: ["b@example.com\nSubject: other"] }],
      ["replyTo", { replyTo: "r@example.com\r\nBcc: v@example.com" }],
      ["headers.X-Tag", { headers: { "X-Tag": "a\r\nBcc: v@example.com" } }],
      ["headers.Bcc", { headers: { Bcc: "v@example.com" } }],
      ["headers.X-Edgepost-Message-Id", { headers: { "X-Edgepost-Message-Id": "spoofed" } }],
      ["headers.X-Bad\r\nBcc", { headers: { "X-Bad\r\nBcc": "v@example.com" } }],
      [
        "attachments.0.filename",
        { attachments: [{ filename: "a.pdf\r\nBcc: v@example.com", content: "YWJj" }] },
      ],
      [
        "attachments.0.contentType",
        { attachments: [{ filename: "a.pdf", content: "YWJj", contentType: "text/plain\r\nBcc: v" }] },
      ],
      [
        "attachments.0.contentId",
        { attachments: [{ filename: "a.png", content: "YWJj", contentId: "x>\r\nBcc: v" }] },
      ],
    ];
    const before = await rowCounts();
    for (const [field, change] of attacks) {
      const res = await post("/v1/emails", a.headers, { ...good, ...change });
      expect(res.status, field).toBe(400);
      const paths = ((await res.json()) as Problem).errors?.map((e) => e.path) ?? [];
      expect(
        paths.some((path) => path === field || path.startsWith(`${field}.`)),
        `${field}: ${paths.join(", ")}`,
      ).toBe(true);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("keeps template output from writing a header line, and names a missing template", async () => {
    const a = await sender();
    const created = await post("/v1/templates", a.headers, { name: "t", subject: "Hi {{ who }}", text: "x" });
    const { id } = (await created.json()) as { id: string };
    const res = await post("/v1/emails", a.headers, {
      from: `hi@${a.domain}`,
      to: "ann@example.com",
      template: { id, variables: { who: "there\r\nBcc: victim@example.com" } },
    });
    expect(res.status).toBe(202);
    const [row] = await db
      .select()
      .from(messages)
      .where(eq(messages.id, ((await res.json()) as { id: string }).id));
    // A rendered subject is one line: the line break cannot start a header.
    expect(row?.subject).toBe("Hi there Bcc: victim@example.com");
    const before = await rowCounts();
    const missing = await post("/v1/emails", a.headers, {
      from: `hi@${a.domain}`,
      to: "ann@example.com",
      template: { id: "tpl_00000000000000000000000000", variables: {} },
    });
    expect(((await missing.json()) as Problem).errors?.map((e) => e.path)).toEqual(["template.id"]);
    expect(await rowCounts()).toEqual(before);
  });

  it("names the email of a batch that is wrong, and accepts none of them", async () => {
    const a = await sender();
    const ok = { from: `hi@${a.domain}`, to: "ann@example.com", subject: "s", text: "t" };
    const before = await rowCounts();
    const res = await post("/v1/emails/batch", a.headers, {
      emails: [ok, { ...ok, from: "x@elsewhere.example" }, ok],
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).errors?.map((e) => e.path)).toEqual(["emails.1.from"]);
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a request over 8 MiB before reading it", async () => {
    const a = await sender();
    const res = await post("/v1/emails", a.headers, {
      from: `hi@${a.domain}`,
      to: "ann@example.com",
      subject: "big",
      text: "x",
      attachments: [{ filename: "big.bin", content: "A".repeat(9 * 1024 * 1024) }],
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: "payload_too_large" });
  });

  it("refuses a suspended account's sends", async () => {
    const a = await sender();
    await db.update(accounts).set({ status: "suspended" }).where(eq(accounts.id, a.accountId));
    const res = await post("/v1/emails", a.headers, {
      from: `hi@${a.domain}`,
      to: "x@example.com",
      subject: "s",
      text: "t",
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "account_suspended" });
  });
});

describe("credits", () => {
  it("accepts exactly as many of 200 concurrent sends as the wallet pays for; the rest get 402 and nothing", async () => {
    const a = await sender();
    // A subscription has no free allowance: the wallet holds exactly what the operator books.
    await db.update(accounts).set({ plan: "subscription" }).where(eq(accounts.id, a.accountId));
    const booked = await post(`/operator/v1/accounts/${a.accountId}/credits`, OPERATOR, {
      wallet: "email",
      amount: 50,
      reference: "race",
    });
    expect(await booked.json()).toEqual({ wallet: "email", balance: 50 });
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        post("/v1/emails", a.headers, {
          from: `hi@${a.domain}`,
          to: `r${i}@example.com`,
          subject: "s",
          text: "t",
        }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(50);
    expect(statuses.filter((s) => s === 402)).toHaveLength(150);
    const refused = answers.find((r) => r.status === 402);
    expect(await refused?.json()).toMatchObject({ code: "insufficient_credits" });

    const ledger = await db
      .select()
      .from(creditLedger)
      .where(and(eq(creditLedger.accountId, a.accountId), eq(creditLedger.wallet, "email")))
      .orderBy(asc(creditLedger.seq));
    expect(ledger.at(-1)?.balanceAfter).toBe(0);
    expect(ledger.reduce((sum, e) => sum + e.amount, 0)).toBe(0);
    ledger.reduce((before, e) => {
      expect(e.balanceAfter).toBe(before + e.amount);
      return e.balanceAfter;
    }, 0);
    const sent = await db.select().from(messages).where(eq(messages.accountId, a.accountId));
    expect(sent).toHaveLength(50);
    const credits = (await (await sendDirect("GET", "/v1/credits", a.headers)).json()) as {
      balances: { email: number };
    };
    expect(credits.balances.email).toBe(0);
  });
});
