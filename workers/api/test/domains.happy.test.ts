import { createExecutionContext, env, SELF, waitOnExecutionContext } from "cloudflare:test";
import { createSenderDomainInput } from "@edgepost/core";
import { OpenAPIHono } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import type { AppEnv } from "../src/env";
import worker from "../src/index";
import { registerDomainRoutes } from "../src/routes/domains/routes";
import { newAccountWithKey } from "./seed";

interface Domain {
  id: string;
  domain: string;
  status: string;
  records: { purpose: string; type: string; name: string; value: string }[];
  checks: Record<string, { ok: boolean; found: string[] }> | null;
  verifiedAt: string | null;
}

const API = "https://api.test";
type WorkerRequest = Parameters<typeof worker.fetch>[0];

function post(path: string, headers: Record<string, string>, body?: unknown) {
  return SELF.fetch(`${API}${path}`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** A request to the worker with its DNS answering from `records`, as the local stack configures it. */
async function withDns(records: Record<string, string[]>, path: string, init: RequestInit) {
  const bindings = {
    ...env,
    DNS_RESOLVER: `static:${JSON.stringify({ txt: records })}`,
  } as unknown as CloudflareBindings;
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${API}${path}`, init) as WorkerRequest, bindings, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

describe("sender domains", () => {
  it("are added, listed, read, verified through DNS and removed", async () => {
    const { headers } = await newAccountWithKey();
    const domain = `${crypto.randomUUID()}.example.com`;
    const created = await post("/v1/domains", headers, { domain: domain.toUpperCase() });
    expect(created.status).toBe(201);
    const body = (await created.json()) as Domain;
    expect(body).toMatchObject({ domain, status: "pending", checks: null, verifiedAt: null });
    expect(body.records.map((r) => [r.purpose, r.type, r.name])).toEqual([
      ["ownership", "TXT", `_edgepost.${domain}`],
      ["spf", "TXT", domain],
      ["dkim", "TXT", `edgepost._domainkey.${domain}`],
      ["dmarc", "TXT", `_dmarc.${domain}`],
    ]);
    expect(JSON.stringify(body)).not.toMatch(/sealed|private/i);

    const list = await SELF.fetch(`${API}/v1/domains`, { headers });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual({
      items: [expect.objectContaining({ id: body.id, domain, status: "pending" })],
      nextCursor: null,
    });
    const read = await SELF.fetch(`${API}/v1/domains/${body.id}`, { headers });
    expect(await read.json()).toEqual(body);

    // Nothing published yet: every check fails.
    const early = await withDns({}, `/v1/domains/${body.id}/verify`, { method: "POST", headers });
    expect(early.status).toBe(200);
    const failed = (await early.json()) as Domain;
    expect(failed.status).toBe("failed");
    expect(Object.values(failed.checks ?? {}).map((c) => c.ok)).toEqual([false, false, false, false]);

    // The customer publishes the four records.
    const published = Object.fromEntries(body.records.map((r) => [r.name, [r.value]]));
    const verify = await withDns(published, `/v1/domains/${body.id}/verify`, { method: "POST", headers });
    expect(verify.status).toBe(200);
    const verified = (await verify.json()) as Domain;
    expect(verified).toMatchObject({ id: body.id, status: "verified", verifiedAt: expect.any(String) });
    expect(Object.values(verified.checks ?? {}).every((c) => c.ok)).toBe(true);
    expect(await (await SELF.fetch(`${API}/v1/domains/${body.id}`, { headers })).json()).toEqual(verified);

    const audit = (await (await SELF.fetch(`${API}/v1/audit-log`, { headers })).json()) as {
      items: { action: string; target: string }[];
    };
    expect(audit.items.filter((e) => e.target === body.id).map((e) => e.action)).toEqual([
      "sender_domain.verified",
      "sender_domain.verification_failed",
      "sender_domain.created",
    ]);

    const removed = await SELF.fetch(`${API}/v1/domains/${body.id}`, { method: "DELETE", headers });
    expect(removed.status).toBe(204);
    expect(await removed.text()).toBe("");
    expect((await SELF.fetch(`${API}/v1/domains/${body.id}`, { headers })).status).toBe(404);
  });

  it("are listed a page at a time", async () => {
    const { headers } = await newAccountWithKey();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await post("/v1/domains", headers, { domain: `d${i}.${crypto.randomUUID()}.example` });
      ids.unshift(((await res.json()) as Domain).id);
    }
    const first = (await (await SELF.fetch(`${API}/v1/domains?limit=2`, { headers })).json()) as {
      items: { id: string }[];
      nextCursor: string | null;
    };
    expect(first.items.map((d) => d.id)).toEqual(ids.slice(0, 2));
    const second = (await (
      await SELF.fetch(`${API}/v1/domains?limit=2&cursor=${first.nextCursor}`, { headers })
    ).json()) as { items: { id: string }[]; nextCursor: string | null };
    expect(second).toEqual({ items: [expect.objectContaining({ id: ids[2] })], nextCursor: null });
  });

  it("are documented in the OpenAPI document, with an example to add one", () => {
    // The routes' own document (the served one is the same registry, with every other route).
    const app = new OpenAPIHono<AppEnv>();
    registerDomainRoutes(app);
    const doc = app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "domains", version: "1" } });
    const paths = doc.paths ?? {};
    expect(Object.keys(paths["/v1/domains"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(paths["/v1/domains/{id}"] ?? {}).sort()).toEqual(["delete", "get"]);
    expect(Object.keys(paths["/v1/domains/{id}/verify"] ?? {})).toEqual(["post"]);
    const body = paths["/v1/domains"]?.post?.requestBody;
    const example = body && "content" in body ? body.content["application/json"]?.example : undefined;
    expect(example).toEqual({ domain: "mail.example.com" });
    expect(createSenderDomainInput.safeParse(example).success).toBe(true);
    expect(Object.keys(doc.components?.schemas ?? {})).toEqual(
      expect.arrayContaining(["SenderDomain", "SenderDomainSummary", "DnsRecord", "DnsCheck"]),
    );
  });
});
