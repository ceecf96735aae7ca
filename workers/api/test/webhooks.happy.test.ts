import { env, SELF } from "cloudflare:test";
import {
  createCtx,
  deliverWebhook,
  outboundFrom,
  verifyWebhookSignature,
  webhookDeliveriesFor,
} from "@edgepost/core";
import { messageEvents, messages, newId, webhookDeliveries } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app";
import { envSchema } from "../src/env";
import { db, newAccountWithKey } from "./seed";

const API = "https://api.test";

function call(method: string, path: string, headers: Record<string, string>, body?: unknown) {
  return SELF.fetch(`${API}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

interface Endpoint {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  secretVersion: number;
  createdAt: string;
  secret?: string;
}

describe("/v1/webhooks", () => {
  it("adds an endpoint with its secret shown once, lists, reads, changes, rotates and deletes it", async () => {
    const { headers } = await newAccountWithKey();
    const res = await call("POST", "/v1/webhooks", headers, {
      url: "https://hooks.example.com/edgepost",
      events: ["delivered", "bounced"],
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Endpoint;
    expect(created).toMatchObject({
      id: expect.stringMatching(/^whk_[0-9a-z]{26}$/),
      url: "https://hooks.example.com/edgepost",
      events: ["delivered", "bounced"],
      enabled: true,
      secretVersion: 1,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });

    const read = (await (await call("GET", `/v1/webhooks/${created.id}`, headers)).json()) as Endpoint;
    const { secret, ...shown } = created;
    expect(read).toEqual(shown);
    const list = await (await call("GET", "/v1/webhooks", headers)).json();
    expect(list).toEqual({ items: [shown], nextCursor: null });
    expect(JSON.stringify(list)).not.toContain("whsec_");

    const changed = await call("PATCH", `/v1/webhooks/${created.id}`, headers, {
      enabled: false,
      events: ["sent"],
    });
    expect(await changed.json()).toMatchObject({ enabled: false, events: ["sent"] });

    const rotated = (await (
      await call("POST", `/v1/webhooks/${created.id}/rotate-secret`, headers)
    ).json()) as Endpoint;
    expect(rotated).toMatchObject({
      id: created.id,
      secretVersion: 2,
      secret: expect.stringMatching(/^whsec_/),
    });
    expect(rotated.secret).not.toBe(secret);

    expect((await call("DELETE", `/v1/webhooks/${created.id}`, headers)).status).toBe(204);
    expect((await call("GET", `/v1/webhooks/${created.id}`, headers)).status).toBe(404);
  });

  it("refuses URLs that are not https and unknown events, naming the field", async () => {
    const { headers } = await newAccountWithKey();
    const plain = await call("POST", "/v1/webhooks", headers, {
      url: "http://example.com/h",
      events: ["sent"],
    });
    expect(plain.status).toBe(400);
    expect(await plain.json()).toMatchObject({ code: "invalid_input", errors: [{ path: "url" }] });
    const unknown = await call("POST", "/v1/webhooks", headers, {
      url: "https://example.com/h",
      events: ["viewed"],
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ errors: [{ path: "events.0" }] });
    const local = await call("POST", "/v1/webhooks", headers, {
      url: "http://localhost:3000/h",
      events: ["sent"],
    });
    expect(local.status).toBe(400);
    expect(await local.json()).toMatchObject({
      errors: [{ path: "url", message: "must be an https:// URL" }],
    });
  });

  it("keeps other accounts' endpoints out of reach", async () => {
    const a = await newAccountWithKey();
    const b = await newAccountWithKey();
    const { id } = (await (
      await call("POST", "/v1/webhooks", a.headers, { url: "https://a.example/h", events: ["sent"] })
    ).json()) as Endpoint;
    for (const [method, path, body] of [
      ["GET", `/v1/webhooks/${id}`, undefined],
      ["PATCH", `/v1/webhooks/${id}`, { enabled: false }],
      ["POST", `/v1/webhooks/${id}/rotate-secret`, undefined],
      ["DELETE", `/v1/webhooks/${id}`, undefined],
    ] as const) {
      expect((await call(method, path, b.headers, body)).status).toBe(404);
    }
    expect(await (await call("GET", "/v1/webhooks", b.headers)).json()).toEqual({
      items: [],
      nextCursor: null,
    });
    expect(await (await call("GET", `/v1/webhooks/${id}`, a.headers)).json()).toMatchObject({
      enabled: true,
    });
  });

  it("signs deliveries inside workerd so that the secret shown at creation verifies them", async () => {
    const { accountId, headers } = await newAccountWithKey();
    const endpoint = (await (
      await call("POST", "/v1/webhooks", headers, {
        url: "https://hooks.example.com/in",
        events: ["delivered"],
      })
    ).json()) as Endpoint;
    const messageId = newId("msg");
    const eventId = newId("evt");
    const now = new Date();
    await db.batch([
      db.insert(messages).values({
        id: messageId,
        accountId,
        channel: "email",
        category: "transactional",
        toAddress: "ada@example.com",
        subject: "Hello",
        text: "Hi",
        status: "delivered",
        createdAt: now,
      }),
      db
        .insert(messageEvents)
        .values({ id: eventId, accountId, messageId, type: "delivered", occurredAt: now }),
    ]);
    const ctx = createCtx(env);
    const rows = await webhookDeliveriesFor(ctx, {
      accountId,
      eventIds: [{ id: eventId, type: "delivered" }],
    });
    expect(rows).toHaveLength(1);
    await db.insert(webhookDeliveries).values(rows);

    const sent: Request[] = [];
    const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push(new Request(input, init));
      return new Response(null, { status: 204 });
    }) as typeof fetch;
    const outcome = await deliverWebhook({
      ctx: {
        ...ctx,
        signingSecret: env.SIGNING_SECRET,
        outbound: outboundFrom(envSchema.parse(env)),
        fetch: fakeFetch,
      },
      input: { accountId, deliveryId: rows[0]!.id },
    });
    expect(outcome).toEqual({ outcome: "delivered", status: 204 });
    const request = sent[0]!;
    expect(request.url).toBe("https://hooks.example.com/in");
    const body = await request.text();
    expect(JSON.parse(body)).toMatchObject({
      type: "email.delivered",
      data: { messageId, status: "delivered" },
    });
    expect(request.headers.get("webhook-id")).toBe(eventId);
    expect(await verifyWebhookSignature({ secret: endpoint.secret!, headers: request.headers, body })).toBe(
      true,
    );
    expect(
      await verifyWebhookSignature({ secret: endpoint.secret!, headers: request.headers, body: `${body} ` }),
    ).toBe(false);
    const [row] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, rows[0]!.id));
    expect(row).toMatchObject({ status: "delivered", attempts: 1, responseStatus: 204 });
  });

  it("registers its operations in the OpenAPI registry", () => {
    const routes = createApp()
      .openAPIRegistry.definitions.flatMap((d) =>
        d.type === "route" ? [`${d.route.method} ${d.route.path}`] : [],
      )
      .filter((name) => name.includes("/v1/webhooks"));
    expect(routes.sort()).toEqual([
      "delete /v1/webhooks/{id}",
      "get /v1/webhooks",
      "get /v1/webhooks/{id}",
      "patch /v1/webhooks/{id}",
      "post /v1/webhooks",
      "post /v1/webhooks/{id}/rotate-secret",
    ]);
  });
});
