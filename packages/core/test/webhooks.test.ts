import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import {
  auditLog,
  type MessageEventType,
  messageEvents,
  messages,
  newId,
  webhookDeliveries,
  webhookEndpoints,
} from "@edgepost/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DnsUnavailable } from "../src/domains/dns-resolver";
import type { Outbound } from "../src/outbound/connection-refusal";
import { createWebhookEndpoint } from "../src/webhooks/create-webhook-endpoint";
import { deleteWebhookEndpoint } from "../src/webhooks/delete-webhook-endpoint";
import { deliverWebhook, failWebhookDelivery } from "../src/webhooks/deliver-webhook";
import type { WebhookCtx } from "../src/webhooks/endpoint-fields";
import { webhookDeliveriesFor, webhookDeliveryInserts, webhookQueueMessages } from "../src/webhooks/fan-out";
import { getWebhookEndpoint } from "../src/webhooks/get-webhook-endpoint";
import { listWebhookEndpoints } from "../src/webhooks/list-webhook-endpoints";
import { rotateWebhookSecret } from "../src/webhooks/rotate-webhook-secret";
import { signWebhook, verifyWebhookSignature, webhookSecret } from "../src/webhooks/signature";
import { updateWebhookEndpoint } from "../src/webhooks/update-webhook-endpoint";
import { freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-11-30T10:00:00Z") };
const base = await freshCtx(clock);
const signingSecret = "test-signing-secret-of-at-least-32-characters";
/** Public names these tests use; `rebind.example.com` changes its answer in one test. */
const dnsAnswers: Record<string, string[]> = {
  "example.com": ["93.184.216.34"],
  "hooks.example.com": ["2606:2800:220:1::1"],
  "a.example": ["93.184.216.34"],
  "b.example": ["93.184.216.34"],
};
/** The receiver below is on the loopback: allowed the way the local stack allows its sinks. */
const allow: { host: string; port: number }[] = [];
const outbound: Outbound = {
  policy: { allow, testProviders: false },
  dns: {
    txt: async () => [],
    addresses: async (name) => dnsAnswers[name] ?? [],
  },
};
const ctx = { ...base, signingSecret, outbound };

/** A receiver on this machine: answers each POST with the next planned status (200 when none is left). */
interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}
const received: Received[] = [];
const plan: number[] = [];
const server = createServer((req, res) => {
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (chunk: string) => {
    body += chunk;
  });
  req.on("end", () => {
    received.push({ path: req.url ?? "", headers: req.headers, body });
    res.statusCode = plan.shift() ?? 200;
    res.end("ok");
  });
});
let receiver = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  allow.push({ host: "127.0.0.1", port });
  receiver = `http://127.0.0.1:${port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function owner(): Promise<WebhookCtx> {
  return { ...(await newAccount(ctx)), signingSecret, outbound };
}

/** A sent message of the account and one event of it, as the send path writes them. */
async function messageWithEvent(accountId: string, type: MessageEventType = "delivered") {
  const messageId = newId("msg");
  const eventId = newId("evt");
  await ctx.db.batch([
    ctx.db.insert(messages).values({
      id: messageId,
      accountId,
      channel: "email",
      category: "transactional",
      toAddress: "ada@example.com",
      subject: "Your receipt",
      text: "Thanks",
      tags: ["receipt"],
      metadata: { orderId: "42" },
      status: "sent",
      createdAt: clock.now,
    }),
    ctx.db.insert(messageEvents).values({
      id: eventId,
      accountId,
      messageId,
      type,
      recipient: type === "bounced" ? "ada@example.com" : null,
      detail: type === "bounced" ? "550 5.1.1 no such user" : null,
      occurredAt: clock.now,
    }),
  ]);
  return { messageId, eventId };
}

/** The delivery rows owed for one new event, written as the send path would. */
async function owe(accountId: string, type: MessageEventType = "delivered") {
  const { messageId, eventId } = await messageWithEvent(accountId, type);
  const rows = await webhookDeliveriesFor(ctx, { accountId, eventIds: [{ id: eventId, type }] });
  const [first, ...rest] = webhookDeliveryInserts(ctx, rows);
  if (first) await ctx.db.batch([first, ...rest]);
  return { messageId, eventId, rows };
}

async function delivery(id: string) {
  const [row] = await ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return row;
}

describe("webhook endpoints", () => {
  it("shows the derived secret at creation only, and lists and reads endpoints without it", async () => {
    const me = await owner();
    const created = await createWebhookEndpoint({
      ctx: me,
      input: { url: `${receiver}/hooks#frag`, events: ["delivered", "bounced", "delivered"] },
    });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^whk_[0-9a-z]{26}$/),
      url: `${receiver}/hooks`,
      events: ["delivered", "bounced"],
      enabled: true,
      secretVersion: 1,
      secret: await webhookSecret(signingSecret, created.id, 1),
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const [row] = await ctx.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, created.id));
    expect(JSON.stringify(row)).not.toContain(created.secret.slice(6));
    const read = await getWebhookEndpoint({ ctx: me, input: { id: created.id } });
    expect(read).not.toHaveProperty("secret");
    expect(read).toEqual({ ...created, secret: undefined, createdAt: clock.now });

    const second = await createWebhookEndpoint({
      ctx: me,
      input: { url: "https://example.com/x", events: ["sent"] },
    });
    const page = await listWebhookEndpoints({ ctx: me, input: { limit: 1 } });
    expect(page.items.map((e) => e.id)).toEqual([second.id]);
    expect(JSON.stringify(page)).not.toContain("whsec_");
    const next = await listWebhookEndpoints({ ctx: me, input: { cursor: page.nextCursor ?? "" } });
    expect(next).toEqual({ items: [expect.objectContaining({ id: created.id })], nextCursor: null });
  });

  it("takes https URLs to public hosts (http only where the operator allows) and known event types", async () => {
    const me = await owner();
    for (const url of [
      "http://example.com/hook",
      "http://localhost:3000/h",
      "http://127.0.0.1/h",
      "https://127.0.0.1:9/h",
      "https://unknown.example.net/h",
      "ftp://example.com/hook",
      "https://user:pass@example.com/hook",
      "/relative",
      `https://example.com/${"x".repeat(2048)}`,
    ]) {
      await expect(createWebhookEndpoint({ ctx: me, input: { url, events: ["sent"] } })).rejects.toThrow();
    }
    for (const url of [`${receiver}/h`, "https://hooks.example.com/in", "https://93.184.216.34:8443/in"]) {
      await createWebhookEndpoint({ ctx: me, input: { url, events: ["sent"] } });
    }
    await expect(
      createWebhookEndpoint({ ctx: me, input: { url: "https://example.com", events: ["viewed" as "sent"] } }),
    ).rejects.toThrow();
    await expect(
      createWebhookEndpoint({ ctx: me, input: { url: "https://example.com", events: [] } }),
    ).rejects.toThrow();
  });

  it("rotates the secret: a new one is shown and only it verifies from then on", async () => {
    const me = await owner();
    const endpoint = await createWebhookEndpoint({
      ctx: me,
      input: { url: `${receiver}/rotate`, events: ["delivered"] },
    });
    const rotated = await rotateWebhookSecret({ ctx: me, input: { id: endpoint.id } });
    expect(rotated).toMatchObject({ id: endpoint.id, secretVersion: 2 });
    expect(rotated.secret).not.toBe(endpoint.secret);
    expect(rotated.secret).toBe(await webhookSecret(signingSecret, endpoint.id, 2));

    const { rows } = await owe(me.principal.accountId);
    expect(
      await deliverWebhook({ ctx, input: { accountId: me.principal.accountId, deliveryId: rows[0]!.id } }),
    ).toEqual({
      outcome: "delivered",
      status: 200,
    });
    const request = received.at(-1)!;
    const check = (secret: string) =>
      verifyWebhookSignature({
        secret,
        headers: request.headers as Record<string, string>,
        body: request.body,
        now: clock.now,
      });
    expect(await check(rotated.secret)).toBe(true);
    expect(await check(endpoint.secret)).toBe(false);
    const actions = await ctx.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(eq(auditLog.target, endpoint.id));
    expect(actions.map((a) => a.action).sort()).toEqual(["webhook.created", "webhook.secret_rotated"]);
  });

  it("keeps accounts apart and checks permissions and suspension", async () => {
    const a = await owner();
    const b = await owner();
    const mine = await createWebhookEndpoint({
      ctx: a,
      input: { url: "https://a.example/h", events: ["sent"] },
    });
    for (const verb of [getWebhookEndpoint, deleteWebhookEndpoint]) {
      await expect(verb({ ctx: b, input: { id: mine.id } })).rejects.toMatchObject({ code: "not_found" });
    }
    await expect(rotateWebhookSecret({ ctx: b, input: { id: mine.id } })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      updateWebhookEndpoint({ ctx: b, input: { id: mine.id, enabled: false } }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await listWebhookEndpoints({ ctx: b, input: {} })).items).toEqual([]);
    expect((await getWebhookEndpoint({ ctx: a, input: { id: mine.id } })).secretVersion).toBe(1);

    const editor = { ...a, principal: { ...a.principal, role: "editor" as const } };
    await expect(getWebhookEndpoint({ ctx: editor, input: { id: mine.id } })).rejects.toMatchObject({
      code: "forbidden",
    });
    const suspended = { ...a, principal: { ...a.principal, accountStatus: "suspended" as const } };
    await expect(rotateWebhookSecret({ ctx: suspended, input: { id: mine.id } })).rejects.toMatchObject({
      code: "account_suspended",
    });
    expect(await listWebhookEndpoints({ ctx: suspended, input: {} })).toMatchObject({
      items: [{ id: mine.id }],
    });
  });
});

describe("fan-out", () => {
  it("owes each event to the enabled endpoints of its account subscribed to its type", async () => {
    const me = await owner();
    const other = await owner();
    const onDelivered = await createWebhookEndpoint({
      ctx: me,
      input: { url: "https://a.example/1", events: ["delivered"] },
    });
    const onBounced = await createWebhookEndpoint({
      ctx: me,
      input: { url: "https://a.example/2", events: ["bounced"] },
    });
    const off = await createWebhookEndpoint({
      ctx: me,
      input: { url: "https://a.example/3", events: ["delivered", "bounced"] },
    });
    await updateWebhookEndpoint({ ctx: me, input: { id: off.id, enabled: false } });
    await createWebhookEndpoint({
      ctx: other,
      input: { url: "https://b.example/1", events: ["delivered", "bounced"] },
    });

    const delivered = await messageWithEvent(me.principal.accountId, "delivered");
    const bounced = await messageWithEvent(me.principal.accountId, "bounced");
    const sent = await messageWithEvent(me.principal.accountId, "sent");
    const rows = await webhookDeliveriesFor(ctx, {
      accountId: me.principal.accountId,
      eventIds: [
        { id: delivered.eventId, type: "delivered" },
        { id: bounced.eventId, type: "bounced" },
        { id: sent.eventId, type: "sent" },
      ],
    });
    expect(rows.map((r) => [r.eventId, r.endpointId])).toEqual([
      [delivered.eventId, onDelivered.id],
      [bounced.eventId, onBounced.id],
    ]);
    expect(rows.every((r) => r.accountId === me.principal.accountId && /^whd_/.test(r.id))).toBe(true);
    expect(webhookQueueMessages(rows)).toEqual(
      rows.map((r) => ({ kind: "webhook", accountId: me.principal.accountId, deliveryId: r.id })),
    );
    expect(await webhookDeliveriesFor(ctx, { accountId: me.principal.accountId, eventIds: [] })).toEqual([]);

    const [first, ...rest] = webhookDeliveryInserts(ctx, rows);
    await ctx.db.batch([first!, ...rest]);
    expect(await delivery(rows[0]!.id)).toMatchObject({
      status: "pending",
      attempts: 0,
      endpointId: onDelivered.id,
    });
  });

  it("skips an endpoint deleted between the fan-out and the batch instead of failing it", async () => {
    const me = await owner();
    const endpoint = await createWebhookEndpoint({
      ctx: me,
      input: { url: "https://a.example/gone", events: ["sent"] },
    });
    const { eventId } = await messageWithEvent(me.principal.accountId, "sent");
    const rows = await webhookDeliveriesFor(ctx, {
      accountId: me.principal.accountId,
      eventIds: [{ id: eventId, type: "sent" }],
    });
    expect(rows).toHaveLength(1);
    await deleteWebhookEndpoint({ ctx: me, input: { id: endpoint.id } });
    const [insert] = webhookDeliveryInserts(ctx, rows);
    await ctx.db.batch([insert!]);
    expect(await delivery(rows[0]!.id)).toBeUndefined();
    expect(
      await deliverWebhook({ ctx, input: { accountId: me.principal.accountId, deliveryId: rows[0]!.id } }),
    ).toMatchObject({
      outcome: "failed",
    });
    await expect(ctx.db.insert(webhookDeliveries).values(rows)).rejects.toThrow();
  });
});

describe("deliverWebhook", () => {
  it("POSTs the event signed in the Standard Webhooks format, once", async () => {
    const me = await owner();
    const endpoint = await createWebhookEndpoint({
      ctx: me,
      input: { url: `${receiver}/signed?x=1`, events: ["bounced"] },
    });
    const { messageId, eventId, rows } = await owe(me.principal.accountId, "bounced");
    const input = { accountId: me.principal.accountId, deliveryId: rows[0]!.id };
    const before = received.length;
    expect(await deliverWebhook({ ctx, input })).toEqual({ outcome: "delivered", status: 200 });
    expect(received).toHaveLength(before + 1);
    const request = received.at(-1)!;
    expect(request.path).toBe("/signed?x=1");
    expect(request.headers).toMatchObject({
      "content-type": "application/json",
      "webhook-id": eventId,
      "webhook-timestamp": String(clock.now.getTime() / 1000),
      "webhook-signature": expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
    });
    expect(JSON.parse(request.body)).toEqual({
      type: "email.bounced",
      createdAt: clock.now.toISOString(),
      data: {
        messageId,
        status: "sent",
        to: "ada@example.com",
        subject: "Your receipt",
        tags: ["receipt"],
        metadata: { orderId: "42" },
        recipient: "ada@example.com",
        detail: "550 5.1.1 no such user",
      },
    });
    const headers = request.headers as Record<string, string>;
    const verify = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
      verifyWebhookSignature({
        secret: endpoint.secret,
        headers,
        body: request.body,
        now: clock.now,
        ...over,
      });
    expect(await verify({})).toBe(true);
    expect(await verify({ headers: new Headers(headers) })).toBe(true);
    expect(await verify({ body: request.body.replace("42", "43") })).toBe(false);
    expect(
      await verify({ secret: await webhookSecret("another-platform-key-of-32-characters", endpoint.id, 1) }),
    ).toBe(false);
    expect(await verify({ now: new Date(clock.now.getTime() + 301_000) })).toBe(false);
    expect(await verify({ headers: { ...headers, "webhook-signature": undefined } })).toBe(false);
    expect(
      await verify({
        headers: { ...headers, "webhook-signature": `v1,AAAA v2,x ${headers["webhook-signature"]}` },
      }),
    ).toBe(true);

    expect(await delivery(input.deliveryId)).toMatchObject({
      status: "delivered",
      attempts: 1,
      responseStatus: 200,
      deliveredAt: clock.now,
    });
    expect(await deliverWebhook({ ctx, input })).toEqual({ outcome: "already_done" });
    expect(received).toHaveLength(before + 1);
    expect(
      await deliverWebhook({ ctx, input: { ...input, accountId: (await owner()).principal.accountId } }),
    ).toMatchObject({
      outcome: "failed",
    });
  });

  it("retries on a 5xx, a redirect or no answer, recording each attempt", async () => {
    const me = await owner();
    await createWebhookEndpoint({ ctx: me, input: { url: `${receiver}/flaky`, events: ["delivered"] } });
    const { rows } = await owe(me.principal.accountId);
    const input = { accountId: me.principal.accountId, deliveryId: rows[0]!.id };
    plan.push(500, 302);
    expect(await deliverWebhook({ ctx, input })).toEqual({
      outcome: "retry",
      reason: "the endpoint answered 500 Internal Server Error",
    });
    expect(await delivery(input.deliveryId)).toMatchObject({
      status: "pending",
      attempts: 1,
      responseStatus: 500,
    });
    expect(await deliverWebhook({ ctx, input })).toMatchObject({
      outcome: "retry",
      reason: expect.stringContaining("302"),
    });
    const timeout: typeof fetch = async () => {
      throw new DOMException("The operation was aborted due to timeout", "TimeoutError");
    };
    expect(await deliverWebhook({ ctx: { ...ctx, fetch: timeout }, input })).toEqual({
      outcome: "retry",
      reason: "no answer within 10 s",
    });
    expect(await delivery(input.deliveryId)).toMatchObject({ attempts: 3, responseStatus: null });
    expect(await deliverWebhook({ ctx, input })).toEqual({ outcome: "delivered", status: 200 });
    expect(await delivery(input.deliveryId)).toMatchObject({ status: "delivered", attempts: 4, error: null });
  });

  it("retries when the endpoint cannot be reached", async () => {
    const me = await owner();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    allow.push({ host: "127.0.0.1", port });
    await createWebhookEndpoint({
      ctx: me,
      input: { url: `http://127.0.0.1:${port}/`, events: ["delivered"] },
    });
    const { rows } = await owe(me.principal.accountId);
    const result = await deliverWebhook({
      ctx,
      input: { accountId: me.principal.accountId, deliveryId: rows[0]!.id },
    });
    expect(result).toMatchObject({ outcome: "retry", reason: expect.stringMatching(/^request failed/) });
  });

  it("disables the endpoint on 410 Gone and fails what it is still owed", async () => {
    const me = await owner();
    const endpoint = await createWebhookEndpoint({
      ctx: me,
      input: { url: `${receiver}/gone`, events: ["delivered"] },
    });
    const first = await owe(me.principal.accountId);
    const second = await owe(me.principal.accountId);
    plan.push(410);
    const accountId = me.principal.accountId;
    expect(await deliverWebhook({ ctx, input: { accountId, deliveryId: first.rows[0]!.id } })).toMatchObject({
      outcome: "failed",
      reason: expect.stringContaining("410"),
    });
    expect(await getWebhookEndpoint({ ctx: me, input: { id: endpoint.id } })).toMatchObject({
      enabled: false,
    });
    expect(await delivery(first.rows[0]!.id)).toMatchObject({
      status: "failed",
      attempts: 1,
      responseStatus: 410,
    });
    const before = received.length;
    expect(await deliverWebhook({ ctx, input: { accountId, deliveryId: second.rows[0]!.id } })).toEqual({
      outcome: "failed",
      reason: "the endpoint is disabled",
    });
    expect(received).toHaveLength(before);
    expect((await owe(accountId)).rows).toEqual([]);

    await updateWebhookEndpoint({ ctx: me, input: { id: endpoint.id, enabled: true } });
    expect((await owe(accountId)).rows).toHaveLength(1);
  });

  it("deletes an endpoint with pending deliveries, and gives up on a delivery visibly", async () => {
    const me = await owner();
    const endpoint = await createWebhookEndpoint({
      ctx: me,
      input: { url: `${receiver}/del`, events: ["delivered"] },
    });
    const pending = await owe(me.principal.accountId);
    await deleteWebhookEndpoint({ ctx: me, input: { id: endpoint.id } });
    expect(await delivery(pending.rows[0]!.id)).toBeUndefined();
    await expect(getWebhookEndpoint({ ctx: me, input: { id: endpoint.id } })).rejects.toMatchObject({
      code: "not_found",
    });

    const kept = await createWebhookEndpoint({
      ctx: me,
      input: { url: `${receiver}/dlq`, events: ["delivered"] },
    });
    const owed = await owe(me.principal.accountId);
    await failWebhookDelivery({
      ctx,
      input: {
        accountId: me.principal.accountId,
        deliveryId: owed.rows[0]!.id,
        reason: "gave up after 6 deliveries",
      },
    });
    expect(await delivery(owed.rows[0]!.id)).toMatchObject({ status: "failed", endpointId: kept.id });
    expect(
      await deliverWebhook({
        ctx,
        input: { accountId: me.principal.accountId, deliveryId: owed.rows[0]!.id },
      }),
    ).toEqual({ outcome: "already_done" });
  });
});

describe("signWebhook", () => {
  it("matches the Standard Webhooks reference vector", async () => {
    // The example of the standard-webhooks libraries' test suites.
    const headers = await signWebhook({
      secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
      timestamp: 1614265330,
      body: '{"test": 2432232314}',
    });
    expect(headers["webhook-signature"]).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    expect(
      await verifyWebhookSignature({
        secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        headers: new Headers(headers),
        body: '{"test": 2432232314}',
        now: new Date(1614265330_000),
      }),
    ).toBe(true);
    await expect(signWebhook({ secret: "whsec_AAAA", id: "a.b", timestamp: 1, body: "" })).rejects.toThrow();
  });

  it("refuses, without a request, an endpoint whose name now resolves to the loopback (DNS rebinding)", async () => {
    const me = await owner();
    dnsAnswers["rebind.example.com"] = ["93.184.216.34"];
    const endpoint = await createWebhookEndpoint({
      ctx: me,
      input: { url: "https://rebind.example.com/hook", events: ["delivered"] },
    });
    dnsAnswers["rebind.example.com"] = ["93.184.216.34", "127.0.0.1"];
    // The network as it would be after the rebinding: the name leads to the receiver on this machine.
    const port = allow[0]?.port;
    const network: typeof fetch = (input, init) =>
      fetch(String(input).replace("https://rebind.example.com", `http://127.0.0.1:${port}`), init);
    const before = received.length;
    const { rows } = await owe(me.principal.accountId);
    const deliveryId = rows.find((r) => r.endpointId === endpoint.id)?.id ?? "";
    const outcome = await deliverWebhook({
      ctx: { ...ctx, fetch: network },
      input: { accountId: me.principal.accountId, deliveryId },
    });
    const reason =
      "refused by the outbound policy: rebind.example.com resolves to 127.0.0.1, a loopback address (127.0.0.0/8)";
    expect(outcome).toEqual({ outcome: "failed", reason });
    expect(received.length).toBe(before);
    expect(await delivery(deliveryId)).toMatchObject({ status: "failed", attempts: 1, error: reason });

    // Back to a public address, a new event is delivered there.
    dnsAnswers["rebind.example.com"] = ["93.184.216.34"];
    const again = await owe(me.principal.accountId);
    const next = again.rows.find((r) => r.endpointId === endpoint.id)?.id ?? "";
    expect(
      await deliverWebhook({
        ctx: { ...ctx, fetch: network },
        input: { accountId: me.principal.accountId, deliveryId: next },
      }),
    ).toEqual({ outcome: "delivered", status: 200 });
    expect(received.length).toBe(before + 1);
  });

  it("retries, without a request, when the endpoint's host cannot be looked up", async () => {
    const me = await owner();
    const endpoint = await createWebhookEndpoint({
      ctx: me,
      input: { url: "https://example.com/dns-down", events: ["delivered"] },
    });
    const { rows } = await owe(me.principal.accountId);
    const deliveryId = rows.find((r) => r.endpointId === endpoint.id)?.id ?? "";
    const down: Outbound = {
      ...outbound,
      dns: {
        txt: async () => [],
        addresses: async () => {
          throw new DnsUnavailable("The DNS resolver could not be reached.");
        },
      },
    };
    const before = received.length;
    const outcome = await deliverWebhook({
      ctx: { ...ctx, outbound: down },
      input: { accountId: me.principal.accountId, deliveryId },
    });
    expect(outcome).toMatchObject({
      outcome: "retry",
      reason: expect.stringContaining("could not be looked up"),
    });
    expect(received.length).toBe(before);
    expect(await delivery(deliveryId)).toMatchObject({ status: "pending", attempts: 1 });
  });
});
