import { env, SELF } from "cloudflare:test";
import { createAccount, createCtx } from "@edgepost/core";
import { messageEvents, messages, newId, suppressions } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";

const ctx = createCtx(env);
const RESEND_SECRET = "resend-test-secret-0123456789abcdef";

/** A message the delivery worker handed to a provider, which answered with `providerMessageId`. */
async function sentMessage(provider: string) {
  const { accountId } = await createAccount({
    ctx,
    input: {
      name: "Hook Co",
      street: "Rue du Lac 1",
      postcode: "1003",
      city: "Lausanne",
      country: "CH",
      industry: "software",
      professionalUse: true,
      ownerEmail: `${crypto.randomUUID()}@example.com`,
    },
  });
  const id = newId("msg");
  const providerMessageId = crypto.randomUUID();
  const to = `${crypto.randomUUID()}@example.com`;
  await ctx.db.insert(messages).values({
    id,
    accountId,
    channel: "email",
    category: "transactional",
    fromAddress: "hi@shop.example",
    toAddress: to,
    subject: "s",
    text: "t",
    status: "sent",
    provider,
    providerMessageId,
    createdAt: new Date(),
  });
  return { id, accountId, providerMessageId, to };
}

/** Signs a body as Resend (Svix) does: HMAC-SHA256 of `id.timestamp.body` with the secret's bytes. */
async function svixHeaders(body: string, secret = RESEND_SECRET) {
  const id = `msg_${crypto.randomUUID()}`;
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestamp}.${body}`));
  const signature = btoa(String.fromCharCode(...new Uint8Array(mac)));
  return {
    "svix-id": id,
    "svix-timestamp": timestamp,
    "svix-signature": `v1,${signature}`,
    "content-type": "application/json",
  };
}

const resendEvent = (type: string, emailId: string, to: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type,
    created_at: new Date().toISOString(),
    data: { email_id: emailId, to: [to], ...extra },
  });

describe("provider webhooks", () => {
  it("records Resend's signed delivery and bounce: status, events once, and the bounced address suppressed", async () => {
    const sent = await sentMessage("resend");
    const delivered = resendEvent("email.delivered", sent.providerMessageId, sent.to);
    const first = await SELF.fetch("https://public.test/webhooks/resend", {
      method: "POST",
      headers: await svixHeaders(delivered),
      body: delivered,
    });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ recorded: 1, unknown: 0 });

    const bounced = resendEvent("email.bounced", sent.providerMessageId, sent.to, {
      bounce: { type: "Permanent" },
    });
    const headers = await svixHeaders(bounced);
    for (let i = 0; i < 2; i++) {
      const res = await SELF.fetch("https://public.test/webhooks/resend", {
        method: "POST",
        headers,
        body: bounced,
      });
      expect(res.status).toBe(200);
    }
    const [row] = await ctx.db.select().from(messages).where(eq(messages.id, sent.id));
    expect(row?.status).toBe("bounced");
    const recorded = await ctx.db.select().from(messageEvents).where(eq(messageEvents.messageId, sent.id));
    expect(recorded.map((e) => e.type).sort()).toEqual(["bounced", "delivered"]);
    const suppressed = await ctx.db
      .select()
      .from(suppressions)
      .where(and(eq(suppressions.accountId, sent.accountId), eq(suppressions.email, sent.to)));
    expect(suppressed).toMatchObject([{ reason: "hard_bounce", source: sent.id }]);
  });

  it("refuses a webhook signed with another secret, and changes nothing", async () => {
    const sent = await sentMessage("resend");
    const body = resendEvent("email.complained", sent.providerMessageId, sent.to);
    const res = await SELF.fetch("https://public.test/webhooks/resend", {
      method: "POST",
      headers: await svixHeaders(body, "not-the-secret"),
      body,
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: "webhook_rejected" });
    const [row] = await ctx.db.select().from(messages).where(eq(messages.id, sent.id));
    expect(row?.status).toBe("sent");
  });

  it("records Postmark's complaint behind its Basic credentials, and refuses wrong ones", async () => {
    const sent = await sentMessage("postmark");
    const body = JSON.stringify({
      RecordType: "SpamComplaint",
      ID: 42,
      Type: "SpamComplaint",
      TypeCode: 512,
      MessageID: sent.providerMessageId,
      Email: sent.to,
      BouncedAt: new Date().toISOString(),
      Description: "The subscriber explicitly marked this message as spam.",
      Details: "Test",
    });
    const wrong = await SELF.fetch("https://public.test/webhooks/postmark", {
      method: "POST",
      headers: { authorization: `Basic ${btoa("postmark:guess")}`, "content-type": "application/json" },
      body,
    });
    expect(wrong.status).toBe(401);
    const right = await SELF.fetch("https://public.test/webhooks/postmark", {
      method: "POST",
      headers: {
        authorization: `Basic ${btoa("postmark:hook-password")}`,
        "content-type": "application/json",
      },
      body,
    });
    expect(right.status).toBe(200);
    const [row] = await ctx.db.select().from(messages).where(eq(messages.id, sent.id));
    expect(row?.status).toBe("complained");
    const suppressed = await ctx.db
      .select()
      .from(suppressions)
      .where(eq(suppressions.accountId, sent.accountId));
    expect(suppressed).toMatchObject([{ email: sent.to, reason: "complaint" }]);
  });

  it("refuses an SNS message whose signing certificate is not SNS's own, before fetching anything", async () => {
    const body = JSON.stringify({
      Type: "Notification",
      MessageId: crypto.randomUUID(),
      TopicArn: "arn:aws:sns:eu-west-1:123456789012:edgepost-ses",
      Message: "{}",
      Timestamp: new Date().toISOString(),
      SignatureVersion: "2",
      Signature: "AAAA",
      SigningCertURL: "https://attacker.example/cert.pem",
    });
    const res = await SELF.fetch("https://public.test/webhooks/ses", { method: "POST", body });
    expect(res.status).toBe(401);
  });
});
