import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RATE_LIMITS } from "../src/middleware/rate-limit";
import wranglerConfig from "../wrangler.jsonc?raw";
import { newAccountWithKey } from "./seed";

const operator = { authorization: "Bearer test-operator-key", "content-type": "application/json" };

describe("rate limits", () => {
  it("names the same limits as the rate-limiting bindings of wrangler.jsonc", () => {
    for (const { binding, limit } of Object.values(RATE_LIMITS)) {
      expect(wranglerConfig).toMatch(new RegExp(`"name": "${binding}".*"limit": ${limit}, "period": 60`));
    }
  });

  it("announces the policy, and answers 429 with Retry-After and RateLimit once a restricted key is over it", async () => {
    const customer = await newAccountWithKey();
    const first = await SELF.fetch("https://api.test/v1/account", { headers: customer.headers });
    expect(first.headers.get("ratelimit-policy")).toBe('"free";q=60;w=60');

    const keys = (await (
      await SELF.fetch("https://api.test/v1/api-keys", { headers: customer.headers })
    ).json()) as {
      items: { id: string }[];
    };
    const keyId = keys.items[0]?.id ?? "";
    const restrict = await SELF.fetch(`https://api.test/operator/v1/api-keys/${keyId}/access`, {
      method: "POST",
      headers: operator,
      body: JSON.stringify({ access: "restricted", reason: "flooding" }),
    });
    expect(await restrict.json()).toEqual({ id: keyId, access: "restricted" });

    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 12; i++) {
      const res = await SELF.fetch("https://api.test/v1/account", { headers: customer.headers });
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200));
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(limited?.headers.get("retry-after")).toBe("60");
    expect(limited?.headers.get("ratelimit")).toBe('"restricted";r=0;t=60');
    expect(limited?.headers.get("ratelimit-policy")).toBe('"restricted";q=10;w=60');
    expect(await limited?.json()).toMatchObject({ status: 429, code: "rate_limited" });
  });

  it("lets the operator block a key outright, and restore it", async () => {
    const customer = await newAccountWithKey();
    const keys = (await (
      await SELF.fetch("https://api.test/v1/api-keys", { headers: customer.headers })
    ).json()) as {
      items: { id: string }[];
    };
    const url = `https://api.test/operator/v1/api-keys/${keys.items[0]?.id}/access`;
    await SELF.fetch(url, { method: "POST", headers: operator, body: JSON.stringify({ access: "blocked" }) });
    expect((await SELF.fetch("https://api.test/v1/account", { headers: customer.headers })).status).toBe(403);
    await SELF.fetch(url, {
      method: "POST",
      headers: operator,
      body: JSON.stringify({ access: "standard" }),
    });
    expect((await SELF.fetch("https://api.test/v1/account", { headers: customer.headers })).status).toBe(200);
  });
});

describe("rate limits on getting in", () => {
  it("count the public auth operations per client IP, 30 a minute", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await SELF.fetch("https://api.test/v1/auth/password-reset", {
        method: "POST",
        headers: { "content-type": "application/json", "cf-connecting-ip": "198.51.100.77" },
        body: JSON.stringify({ email: `nobody${i}@example.com` }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(202));
    expect(statuses.slice(30)).toEqual([429, 429]);
    const other = await SELF.fetch("https://api.test/v1/auth/password-reset", {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": "198.51.100.78" },
      body: JSON.stringify({ email: "nobody@example.com" }),
    });
    expect(other.status).toBe(202);
  });

  it("count requests without a client IP in one shared bucket, not unlimited", async () => {
    const reset = (email: string, headers: Record<string, string> = {}) =>
      SELF.fetch("https://api.test/v1/auth/password-reset", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ email }),
      });
    // Each from another address, as from different callers: only the missing IP is shared. (Up to
    // twice the limit, in case the minute turns meanwhile or another suite used the bucket.)
    let limited: Response | undefined;
    for (let i = 0; i < 2 * RATE_LIMITS.auth.limit + 1 && !limited; i++) {
      const res = await reset(`anonymous${i}@example.com`);
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(202);
    }
    expect(limited?.headers.get("ratelimit-policy")).toBe('"auth";q=30;w=60');
    expect(await limited?.json()).toMatchObject({ status: 429, code: "rate_limited" });
    expect((await reset("someone-else@example.com")).status).toBe(429);
    expect((await reset("someone-else@example.com", { "cf-connecting-ip": "198.51.100.79" })).status).toBe(
      202,
    );
  });
});
