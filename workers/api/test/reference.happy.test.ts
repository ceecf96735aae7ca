import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("GET /v1/reference", () => {
  it("documents every operation of the OpenAPI document, with no third-party script", async () => {
    const doc = (await (await SELF.fetch("https://api.test/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const res = await SELF.fetch("https://api.test/v1/reference");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'nonce-[0-9a-f-]{36}'/);
    expect(csp).toContain("default-src 'none'");
    const html = await res.text();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of Object.keys(item)) {
        expect(html).toContain(`id="${method}-${path}"`);
      }
    }
    expect(html).not.toMatch(/<script[^>]+src=/);
  });
});
