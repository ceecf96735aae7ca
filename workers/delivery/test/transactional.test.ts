import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { createAccount, createCtx, DKIM_SEAL_PURPOSE, seal } from "@edgepost/core";
import {
  accounts,
  emailProviders,
  messageAttachments,
  messageEvents,
  messages,
  newId,
  senderDomains,
  webhookDeliveries,
  webhookEndpoints,
} from "@edgepost/db";
import { generateDkimKey } from "@edgepost/messaging";
import { asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../src/index";

const ctx = createCtx(env);
const maildev = (env as unknown as { MAILDEV_URL: string }).MAILDEV_URL;
const SIGNING_SECRET = (env as unknown as { SIGNING_SECRET: string }).SIGNING_SECRET;

interface Received {
  id: string;
  subject: string;
  to: { address: string; name: string }[];
  cc?: { address: string }[];
  from: { address: string; name: string }[];
  headers: Record<string, string>;
  attachments?: { contentType: string }[];
  envelope: { to: { address: string }[] };
}

async function inbox(to: string): Promise<Received[]> {
  const all = (await (await fetch(`${maildev}/api/email`)).json()) as Received[];
  return all.filter((m) => m.envelope.to.some((r) => r.address === to));
}

async function account() {
  const { accountId } = await createAccount({
    ctx,
    input: {
      name: "Shop Co",
      street: "Rue du Lac 1",
      postcode: "1003",
      city: "Lausanne",
      country: "CH",
      industry: "software",
      professionalUse: true,
      ownerEmail: `${crypto.randomUUID()}@example.com`,
    },
  });
  return accountId;
}

/** A transactional email as `sendEmails` writes it. */
async function accepted(accountId: string, to: string, extra: Partial<typeof messages.$inferInsert> = {}) {
  const id = newId("msg");
  await ctx.db.insert(messages).values({
    id,
    accountId,
    channel: "email",
    category: "transactional",
    fromAddress: "orders@shop.example",
    fromName: "Shop",
    toAddress: to,
    recipients: {
      to: [{ email: to, name: "Ann" }],
      cc: [{ email: `cc-${to}` }],
      bcc: [{ email: `bcc-${to}` }],
    },
    replyTo: { email: "help@shop.example" },
    subject: "Your order",
    text: "Thanks for your order.",
    html: "<p>Thanks for your order.</p>",
    headers: { "X-Order": "1042" },
    credits: 3,
    headerMessageId: `<${id}@shop.example>`,
    createdAt: new Date(),
    ...extra,
  });
  return { kind: "email" as const, accountId, messageId: id };
}

async function consume(body: unknown) {
  const batch = createMessageBatch("edgepost-delivery", [
    { id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body },
  ]);
  const execution = createExecutionContext();
  await worker.queue(batch, env, execution);
  return getQueueResult(batch, execution);
}

const row = async (id: string) => (await ctx.db.select().from(messages).where(eq(messages.id, id)))[0];
const events = async (id: string) =>
  (
    await ctx.db
      .select()
      .from(messageEvents)
      .where(eq(messageEvents.messageId, id))
      .orderBy(asc(messageEvents.occurredAt))
  ).map((e) => [e.type, e.detail]);

describe("transactional emails", () => {
  it("go out once, as accepted: sender, cc, bcc on the envelope only, headers, attachments, Message-ID", async () => {
    const accountId = await account();
    const to = `${crypto.randomUUID()}@inbox.example`;
    const body = await accepted(accountId, to);
    await ctx.db.insert(messageAttachments).values({
      id: newId("att"),
      accountId,
      messageId: body.messageId,
      position: 0,
      filename: "invoice.pdf",
      contentType: "application/pdf",
      contentBase64: btoa("%PDF-1.4 fake"),
      size: 13,
    });
    expect((await consume(body)).explicitAcks).toHaveLength(1);
    expect((await consume(body)).explicitAcks).toHaveLength(1);

    const [mail, ...more] = await inbox(to);
    expect(more).toEqual([]);
    expect(mail).toMatchObject({
      subject: "Your order",
      from: [{ address: "orders@shop.example", name: "Shop" }],
      to: [{ address: to, name: "Ann" }],
      cc: [{ address: `cc-${to}` }],
      attachments: [{ contentType: "application/pdf" }],
    });
    expect(JSON.stringify(mail?.attachments)).toContain("invoice.pdf");
    expect(mail?.envelope.to.map((r) => r.address).sort()).toEqual([to, `bcc-${to}`, `cc-${to}`].sort());
    expect(mail?.headers["message-id"]).toBe(`<${body.messageId}@shop.example>`);
    expect(mail?.headers["x-edgepost-message-id"]).toBe(body.messageId);
    expect(mail?.headers["x-order"]).toBe("1042");
    expect(JSON.stringify(mail?.headers)).not.toContain("bcc-");
    expect(await row(body.messageId)).toMatchObject({ status: "sent", attempts: 1, provider: "smtp" });
    expect(await events(body.messageId)).toEqual([["sent", "smtp"]]);
  });

  it("are DKIM-signed with the key of the sender's verified domain when sent over SMTP", async () => {
    const accountId = await account();
    const domain = `${crypto.randomUUID().slice(0, 8)}.shop.example`;
    const key = await generateDkimKey();
    await ctx.db.insert(senderDomains).values({
      id: newId("dom"),
      accountId,
      domain,
      status: "verified",
      verificationToken: "t",
      dkimSelector: "edgepost",
      dkimPublicKey: key.publicKeySpki,
      dkimPrivateKeySealed: await seal(SIGNING_SECRET, DKIM_SEAL_PURPOSE, key.privateKeyPkcs8),
      createdAt: new Date(),
    });
    const to = `${crypto.randomUUID()}@inbox.example`;
    const body = await accepted(accountId, to, { fromAddress: `orders@${domain}` });
    expect((await consume(body)).explicitAcks).toHaveLength(1);
    const [mail] = await inbox(to);
    // MailDev's parsed headers leave DKIM-Signature out: read the message as it arrived.
    const source = await (await fetch(`${maildev}/api/email/${mail?.id}/source`)).text();
    const signature = /^DKIM-Signature:.*(\r\n[ \t].*)*/m.exec(source)?.[0] ?? "";
    expect(signature).toMatch(new RegExp(`d=${domain.replace(/\./g, "\\.")};`));
    expect(signature).toMatch(/s=edgepost;/);
    expect(signature).toMatch(/a=rsa-sha256;/);
  });

  it("never go out from a suspended account: failed, with the reason", async () => {
    const accountId = await account();
    const to = `${crypto.randomUUID()}@inbox.example`;
    const body = await accepted(accountId, to);
    await ctx.db.update(accounts).set({ status: "suspended" }).where(eq(accounts.id, accountId));
    expect((await consume(body)).explicitAcks).toHaveLength(1);
    expect(await inbox(to)).toEqual([]);
    expect(await row(body.messageId)).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/^account_suspended/),
    });
  });

  it("are not sent again after a delivery died mid-send through a provider that cannot deduplicate", async () => {
    const accountId = await account();
    const to = `${crypto.randomUUID()}@inbox.example`;
    const claimedAt = new Date(Date.now() - 11 * 60_000);
    const body = await accepted(accountId, to, { status: "sending", claimedAt, attempts: 1 });
    // A fresh claim may still be sending: wait.
    const fresh = await accepted(accountId, `fresh-${to}`, {
      status: "sending",
      claimedAt: new Date(),
      attempts: 1,
    });
    expect((await consume(fresh)).retryMessages).toHaveLength(1);
    // A stale one: its outcome is unknown, so it is failed rather than risk a second copy.
    expect((await consume(body)).explicitAcks).toHaveLength(1);
    expect(await inbox(to)).toEqual([]);
    expect(await row(body.messageId)).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/^interrupted/),
    });
    expect((await events(body.messageId))[0]?.[0]).toBe("failed");
  });

  it("go through the account's own provider, and a permanent failure is recorded with its webhook", async () => {
    const accountId = await account();
    const url = `fault://?inner=${encodeURIComponent("smtp://127.0.0.1:9?security=none")}&permanent=1`;
    const now = new Date();
    await ctx.db.insert(emailProviders).values({
      accountId,
      kind: "fault",
      urlEncrypted: await seal(SIGNING_SECRET, "email-provider", url),
      createdAt: now,
      updatedAt: now,
    });
    const endpoint = newId("whk");
    await ctx.db.insert(webhookEndpoints).values({
      id: endpoint,
      accountId,
      url: "https://hooks.example/edgepost",
      events: ["failed"],
      createdAt: now,
    });
    const body = await accepted(accountId, `${crypto.randomUUID()}@inbox.example`);
    const result = await consume(body);
    expect(result.explicitAcks).toHaveLength(1);
    expect(await row(body.messageId)).toMatchObject({
      status: "failed",
      provider: "fault",
      error: expect.stringMatching(/^injected_permanent/),
    });
    const hooks = await ctx.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.endpointId, endpoint));
    expect(hooks).toHaveLength(1);
  });

  it("are not sent again when the provider's answer is lost after it took the message", async () => {
    const accountId = await account();
    const now = new Date();
    const smtp = (env as unknown as { EMAIL_PROVIDER_URL: string }).EMAIL_PROVIDER_URL;
    await ctx.db.insert(emailProviders).values({
      accountId,
      kind: "fault",
      urlEncrypted: await seal(
        SIGNING_SECRET,
        "email-provider",
        `fault://?inner=${encodeURIComponent(smtp)}&lost=1`,
      ),
      createdAt: now,
      updatedAt: now,
    });
    const to = `${crypto.randomUUID()}@inbox.example`;
    const body = await accepted(accountId, to);
    expect((await consume(body)).explicitAcks).toHaveLength(1);
    expect((await consume(body)).explicitAcks).toHaveLength(1);
    expect(await inbox(to)).toHaveLength(1);
    expect(await row(body.messageId)).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/^injected_lost: .*may have been delivered.*not sent again/),
    });
  });

  it("are retried on a transient failure, the claim released", async () => {
    const accountId = await account();
    const now = new Date();
    const url = `fault://?inner=${encodeURIComponent("smtp://127.0.0.1:9?security=none")}&transient=1`;
    await ctx.db.insert(emailProviders).values({
      accountId,
      kind: "fault",
      urlEncrypted: await seal(SIGNING_SECRET, "email-provider", url),
      createdAt: now,
      updatedAt: now,
    });
    const body = await accepted(accountId, `${crypto.randomUUID()}@inbox.example`);
    const result = await consume(body);
    expect(result.retryMessages).toHaveLength(1);
    expect(await row(body.messageId)).toMatchObject({
      status: "queued",
      claimedAt: null,
      error: expect.stringMatching(/^injected_transient/),
    });
  });
});
