import { createServer as createHttpServer } from "node:http";
import { type AddressInfo, createServer } from "node:net";
import { messages, newId, webhookDeliveries, webhookEndpoints } from "@edgepost/db";
import { createNodeDb } from "@edgepost/db/node";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { useLocalStack } from "./local-stack";

/** A listener on the loopback that counts connections: nothing a customer configures may reach it. */
let connections = 0;
const listener = createServer((socket) => {
  connections += 1;
  socket.destroy();
});
await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
const port = (listener.address() as AddressInfo).port;

/** The stack's DNS (DoH JSON): `*.rebind.test` answer what `answers` says at the time of the query. */
const answers: Record<string, string> = {};
const doh = createHttpServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://doh");
  const name = url.searchParams.get("name") ?? "";
  const address = url.searchParams.get("type") === "A" ? answers[name] : undefined;
  res.setHeader("content-type", "application/dns-json");
  res.end(
    JSON.stringify(
      address ? { Status: 0, Answer: [{ name, type: 1, TTL: 0, data: address }] } : { Status: 0 },
    ),
  );
});
await new Promise<void>((resolve) => doh.listen(0, "127.0.0.1", resolve));
afterAll(() => {
  listener.close();
  doh.close();
});

const local = useLocalStack({
  bindings: {
    DNS_RESOLVER: `doh:http://127.0.0.1:${(doh.address() as AddressInfo).port}/dns-query`,
    RETRY_BASE_SECONDS: "1",
  },
});

function api(method: string, path: string, body?: unknown) {
  const { info } = local.stack();
  return fetch(`${info.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${info.apiKey}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function send(): Promise<string> {
  const { info } = local.stack();
  const res = await api("POST", "/v1/emails", {
    from: `Demo <hello@${info.senderDomain}>`,
    to: `someone-${crypto.randomUUID().slice(0, 8)}@example.com`,
    subject: "Outbound policy",
    text: "Hello",
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

async function until<T>(what: string, read: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the outbound policy on the local stack", () => {
  it("refuses the listener's address in every spelling when a webhook or provider names it", async () => {
    for (const host of ["127.0.0.1", "127.1", "2130706433", "0x7f000001", "[::ffff:7f00:1]", "localhost"]) {
      for (const url of [`https://${host}:${port}/hook`, `http://${host}:${port}/hook`]) {
        const res = await api("POST", "/v1/webhooks", { url, events: ["sent"] });
        expect(res.status, url).toBe(400);
        expect(await res.json()).toMatchObject({ errors: [{ path: "url" }] });
      }
      const provider = await api("PUT", "/v1/account/email-provider", { url: `smtp://u:p@${host}:${port}` });
      expect(provider.status, host).toBe(400);
    }
    // The cron worker's scheduled handler, which a webhook once made the platform run.
    const { info } = local.stack();
    const cron = await api("POST", "/v1/webhooks", {
      url: `${info.cron}/cdn-cgi/handler/scheduled`,
      events: ["sent"],
    });
    expect(cron.status).toBe(400);
    expect(connections).toBe(0);
  });

  it("checks again before connecting: a stored endpoint on the loopback gets no request, its delivery fails saying why", async () => {
    const { info, database } = local.stack();
    const db = createNodeDb(database);
    try {
      // As if stored before the policy existed: the check at connection time is what stops it.
      const endpointId = newId("whk");
      await db.insert(webhookEndpoints).values({
        id: endpointId,
        accountId: info.accountId,
        url: `https://127.0.0.1:${port}/hook`,
        events: ["sent"],
        createdAt: new Date(),
      });
      await send();
      const delivery = await until("the webhook delivery to fail", async () => {
        const [row] = await db
          .select()
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.endpointId, endpointId));
        return row?.status === "failed" ? row : undefined;
      });
      expect(delivery.error).toBe(
        "refused by the outbound policy: 127.0.0.1 is a loopback address (127.0.0.0/8)",
      );
      expect(connections).toBe(0);
      expect((await api("DELETE", `/v1/webhooks/${endpointId}`)).status).toBe(204);
    } finally {
      db.$client.close();
    }
  });

  it("follows a name to its address at each send: a provider host rebound to the loopback is refused", async () => {
    const { database } = local.stack();
    answers["mail.rebind.test"] = "93.184.216.34";
    answers["hook.rebind.test"] = "93.184.216.34";
    const provider = await api("PUT", "/v1/account/email-provider", {
      url: `smtps://u:p@mail.rebind.test:465`,
    });
    expect(provider.status).toBe(200);
    const hook = await api("POST", "/v1/webhooks", {
      url: `https://hook.rebind.test:${port}/in`,
      events: ["failed"],
    });
    expect(hook.status).toBe(201);
    const { id: endpointId } = (await hook.json()) as { id: string };

    answers["mail.rebind.test"] = "127.0.0.1";
    answers["hook.rebind.test"] = "127.0.0.1";
    const id = await send();
    const db = createNodeDb(database);
    try {
      const message = await until("the message to fail", async () => {
        const [row] = await db.select().from(messages).where(eq(messages.id, id));
        return row?.status === "failed" ? row : undefined;
      });
      expect(message.error).toBe(
        "provider_refused: the account's email provider is refused by the outbound policy: " +
          "mail.rebind.test resolves to 127.0.0.1, a loopback address (127.0.0.0/8)",
      );
      const delivery = await until("the failed event's webhook to fail", async () => {
        const [row] = await db
          .select()
          .from(webhookDeliveries)
          .where(eq(webhookDeliveries.endpointId, endpointId));
        return row?.status === "failed" ? row : undefined;
      });
      expect(delivery.error).toContain("hook.rebind.test resolves to 127.0.0.1");
      expect(connections).toBe(0);
    } finally {
      db.$client.close();
      await api("DELETE", "/v1/account/email-provider");
    }
  });
});
