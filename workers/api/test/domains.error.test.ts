import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../src/index";
import { newAccountWithKey } from "./seed";

const API = "https://api.test";
type WorkerRequest = Parameters<typeof worker.fetch>[0];

function post(path: string, headers: Record<string, string>, body?: unknown) {
  return SELF.fetch(`${API}${path}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function direct(dnsResolver: string, path: string, init: RequestInit) {
  const bindings = { ...env, DNS_RESOLVER: dnsResolver } as unknown as CloudflareBindings;
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${API}${path}`, init) as WorkerRequest, bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("sender domain errors", () => {
  it.each([
    ["example.com."],
    ["localhost"],
    ["not a domain"],
    ["under_score.example.com"],
    ["192.0.2.1"],
    [`${"a".repeat(250)}.com`],
    [42],
  ])("refuses %j with 400 naming domain", async (domain) => {
    const { headers } = await newAccountWithKey();
    const res = await post("/v1/domains", headers, { domain });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await res.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe("invalid_input");
    expect(problem.errors.map((e) => e.path)).toEqual(["domain"]);
  });

  it("answers 409 for a domain the account already has", async () => {
    const { headers } = await newAccountWithKey();
    const domain = `${crypto.randomUUID()}.example.com`;
    expect((await post("/v1/domains", headers, { domain })).status).toBe(201);
    const again = await post("/v1/domains", headers, { domain: domain.toUpperCase() });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "conflict" });
  });

  it("names a malformed id", async () => {
    const { headers } = await newAccountWithKey();
    const res = await SELF.fetch(`${API}/v1/domains/key_01jf3m8q2v7k9x4c6b8n0p2r4t`, { headers });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "invalid_input", errors: [{ path: "id" }] });
  });

  it("answers 503 dns_unavailable when DNS cannot be asked, and leaves the domain as it was", async () => {
    const { headers } = await newAccountWithKey();
    const created = await post("/v1/domains", headers, { domain: `${crypto.randomUUID()}.example.com` });
    const { id } = (await created.json()) as { id: string };
    // A server that is not a DNS resolver: the local database's (a refused connection would do
    // too, but workerd logs every failed fetch as an uncaught exception).
    const notDns = `doh:${env.LIBSQL_URL.replace(/\/+$/, "")}/dns-query`;
    const res = await direct(notDns, `/v1/domains/${id}/verify`, {
      method: "POST",
      headers,
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("30");
    expect(await res.json()).toMatchObject({
      code: "unavailable",
      detail: expect.stringMatching(/^dns_unavailable/),
    });
    const read = await SELF.fetch(`${API}/v1/domains/${id}`, { headers });
    expect(await read.json()).toMatchObject({ status: "pending", checks: null, lastCheckedAt: null });
  });

  it.each([
    ["dns"],
    ["doh:not a url"],
    ["static:not json"],
    ['static:{"txt":{"a.test":"not a list"}}'],
    ['static:{"a.test":["x"]}'],
  ])("refuses to serve with DNS_RESOLVER=%s, naming the binding", async (value) => {
    const res = await direct(value, "/healthz", {});
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ code: "misconfigured", errors: [{ path: "DNS_RESOLVER" }] });
  });
});
