import { createExecutionContext, createMessageBatch, env, getQueueResult } from "cloudflare:test";
import { createAccount, createCtx } from "@edgepost/core";
import { messages, newId } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../src/index";

const ctx = createCtx(env);
const maildev = (env as unknown as { MAILDEV_URL: string }).MAILDEV_URL;

interface Received {
  subject: string;
  to: { address: string }[];
  from: { address: string; name: string }[];
  headers?: Record<string, string>;
}

async function inbox(to: string): Promise<Received[]> {
  const all = (await (await fetch(`${maildev}/api/email`)).json()) as Received[];
  return all.filter((m) => m.to.some((r) => r.address === to));
}

async function queuedEmail(to: string) {
  const { accountId } = await createAccount({
    ctx,
    input: {
      name: "Mail Co",
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
  await ctx.db.insert(messages).values({
    id,
    accountId,
    channel: "email",
    category: "system",
    toAddress: to,
    subject: "Grüezi — your link",
    text: "Hello\n.\nthe line above is a lone dot",
    createdAt: new Date(),
  });
  return { kind: "email" as const, accountId, messageId: id };
}

async function consume(body: unknown, workerEnv = env, id = crypto.randomUUID()) {
  const batch = createMessageBatch("edgepost-delivery", [{ id, timestamp: new Date(), attempts: 1, body }]);
  const execution = createExecutionContext();
  await worker.queue(batch, workerEnv, execution);
  return getQueueResult(batch, execution);
}

describe("system emails", () => {
  it("are sent through SMTP once, however often the queue delivers the message", async () => {
    const to = `${crypto.randomUUID()}@inbox.example`;
    const body = await queuedEmail(to);
    const first = await consume(body);
    const again = await consume(body);
    expect(first.explicitAcks).toHaveLength(1);
    expect(again.explicitAcks).toHaveLength(1);
    const received = await inbox(to);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      subject: "Grüezi — your link",
      from: [{ address: "no-reply@edgepost.dev" }],
    });
    const [row] = await ctx.db.select().from(messages).where(eq(messages.id, body.messageId));
    expect(row).toMatchObject({ status: "sent", attempts: 1 });
    expect(row?.providerMessageId).toMatch(/^<.+@edgepost\.dev>$/);
  });

  it("are retried, not lost, when the SMTP relay cannot be reached", async () => {
    const to = `${crypto.randomUUID()}@inbox.example`;
    const body = await queuedEmail(to);
    const down = { ...env, EMAIL_PROVIDER_URL: "smtp://127.0.0.1:9?security=none" };
    const result = await consume(body, down);
    expect(result.explicitAcks).toEqual([]);
    expect(result.retryMessages).toHaveLength(1);
    const [row] = await ctx.db.select().from(messages).where(eq(messages.id, body.messageId));
    expect(row).toMatchObject({ status: "queued", error: expect.stringMatching(/^connection_failed/) });
    await consume(body);
    expect(await inbox(to)).toHaveLength(1);
  });
});
