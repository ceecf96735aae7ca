import { SELF } from "cloudflare:test";
import { emailProviders, webhookEndpoints } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, newAccountWithKey } from "./seed";

const API = "https://api.test";

function call(method: string, path: string, headers: Record<string, string>, body: unknown) {
  return SELF.fetch(`${API}${path}`, {
    method,
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** Loopback, unspecified, metadata, private and local destinations, in the spellings attackers use. */
const INTERNAL_HOSTS = [
  "127.0.0.1",
  "127.1",
  "2130706433",
  "0x7f000001",
  "0x7f.0.0.1",
  "0177.0.0.1",
  "localhost",
  "api.localhost",
  "[::1]",
  "[::ffff:7f00:1]",
  "[::ffff:127.0.0.1]",
  "0.0.0.0",
  "169.254.169.254",
  "10.0.0.1",
  "172.16.0.1",
  "192.168.0.1",
  "100.64.0.1",
  "[fc00::1]",
  "[fe80::1]",
  "metadata.google.internal",
  "nowhere.example.net", // resolves to nothing
];

describe("webhook endpoints follow the outbound policy", () => {
  it.each(INTERNAL_HOSTS)("refuses https://%s:8789/… naming the url, and stores nothing", async (host) => {
    const { headers, accountId } = await newAccountWithKey();
    const res = await call("POST", "/v1/webhooks", headers, {
      url: `https://${host}:8789/cdn-cgi/handler/scheduled`,
      events: ["sent"],
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "invalid_input", errors: [{ path: "url" }] });
    expect(await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.accountId, accountId))).toEqual(
      [],
    );
  });

  it("refuses plain http, and a change of URL to an internal host, keeping the old URL", async () => {
    const { headers } = await newAccountWithKey();
    const plain = await call("POST", "/v1/webhooks", headers, {
      url: "http://hooks.example.com/in",
      events: ["sent"],
    });
    expect(plain.status).toBe(400);
    const created = (await (
      await call("POST", "/v1/webhooks", headers, { url: "https://hooks.example.com/in", events: ["sent"] })
    ).json()) as { id: string };
    const moved = await call("PATCH", `/v1/webhooks/${created.id}`, headers, { url: "https://10.1.2.3/in" });
    expect(moved.status).toBe(400);
    expect(await moved.json()).toMatchObject({
      errors: [{ path: "url", message: "10.1.2.3 is a private address (10.0.0.0/8)" }],
    });
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, created.id));
    expect(row?.url).toBe("https://hooks.example.com/in");
  });
});

describe("an account's own email provider follows the outbound policy", () => {
  it.each([
    ...INTERNAL_HOSTS.map((host) => [`smtp://user:pass@${host}:587`, "an internal SMTP host"]),
    ["smtp://user:pass@smtp.example.com:22", "a port that is not for mail"],
    ["smtp://user:pass@smtp.example.com:587?security=none", "SMTP without TLS"],
    ["resend://re_key@api.resend.com?endpoint=https%3A%2F%2Fhooks.example.com", "an endpoint override"],
    ["postmark://token@hooks.example.com", "another host for an HTTP API"],
    ["fault://?inner=smtp%3A%2F%2Fu%3Ap%40smtp.example.com%3A587&permanent=1", "the test provider"],
  ])("refuses %s (%s) naming the url, and stores nothing", async (url) => {
    const { headers, accountId } = await newAccountWithKey();
    const res = await call("PUT", "/v1/account/email-provider", headers, { url });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "invalid_input", errors: [{ path: "url" }] });
    expect(await db.select().from(emailProviders).where(eq(emailProviders.accountId, accountId))).toEqual([]);
  });

  it.each([
    ["smtps://user:pass@smtp.example.com", "smtp"],
    ["smtp://user:pass@smtp.example.com:2525", "smtp"],
    ["resend://re_key@api.resend.com", "resend"],
    ["postmark://token@api.postmarkapp.com", "postmark"],
  ])("takes %s", async (url, kind) => {
    const { headers } = await newAccountWithKey();
    const res = await call("PUT", "/v1/account/email-provider", headers, { url });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ source: "account", kind });
  });
});
