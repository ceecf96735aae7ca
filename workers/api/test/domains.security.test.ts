import { SELF } from "cloudflare:test";
import { issueApiKey } from "@edgepost/core";
import { describe, expect, it } from "vitest";
import { db, newAccountWithKey } from "./seed";

const API = "https://api.test";

async function addDomain(headers: Record<string, string>) {
  const res = await SELF.fetch(`${API}/v1/domains`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ domain: `${crypto.randomUUID()}.example.com` }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe("another account's sender domain", () => {
  it("answers 404 to reading, verifying and removing it, and is never listed", async () => {
    const a = await newAccountWithKey();
    const b = await newAccountWithKey();
    const id = await addDomain(a.headers);
    for (const [method, path] of [
      ["GET", `/v1/domains/${id}`],
      ["POST", `/v1/domains/${id}/verify`],
      ["DELETE", `/v1/domains/${id}`],
    ] as const) {
      const res = await SELF.fetch(`${API}${path}`, { method, headers: b.headers });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(await res.json()).toMatchObject({ code: "not_found" });
    }
    const list = await SELF.fetch(`${API}/v1/domains?cursor=dom_zzzzzzzzzzzzzzzzzzzzzzzzzz`, {
      headers: b.headers,
    });
    expect(await list.text()).not.toContain(id);
    const own = await SELF.fetch(`${API}/v1/domains/${id}`, { headers: a.headers });
    expect(await own.json()).toMatchObject({ id, status: "pending" });
  });
});

describe("who may manage sender domains", () => {
  it("needs domains:manage to add one; domains:read reads", async () => {
    const { accountId, headers } = await newAccountWithKey();
    const id = await addDomain(headers);
    const { key } = await issueApiKey(
      { db, now: () => new Date(), waitUntil: () => undefined },
      {
        accountId,
        name: "reader",
        scopes: ["domains:read"],
      },
    );
    const reader = { authorization: `Bearer ${key}` };
    const add = await SELF.fetch(`${API}/v1/domains`, {
      method: "POST",
      headers: { ...reader, "content-type": "application/json" },
      body: JSON.stringify({ domain: "reader.example.com" }),
    });
    expect(add.status).toBe(403);
    expect(
      (await SELF.fetch(`${API}/v1/domains/${id}/verify`, { method: "POST", headers: reader })).status,
    ).toBe(403);
    expect((await SELF.fetch(`${API}/v1/domains/${id}`, { method: "DELETE", headers: reader })).status).toBe(
      403,
    );
    expect((await SELF.fetch(`${API}/v1/domains/${id}`, { headers: reader })).status).toBe(200);
    expect((await SELF.fetch(`${API}/v1/domains`, { headers: reader })).status).toBe(200);
  });

  it("answers 401 without credentials", async () => {
    expect((await SELF.fetch(`${API}/v1/domains`)).status).toBe(401);
  });
});
