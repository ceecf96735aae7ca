import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("GET /v1/auth/password-reset (the emailed link)", () => {
  it("asks for a new password, carrying the token escaped and allowing only its own script", async () => {
    const token = `abc"><script>alert(1)</script>`;
    const res = await SELF.fetch(
      `https://api.test/v1/auth/password-reset?token=${encodeURIComponent(token)}`,
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('data-token="abc&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).not.toContain("<script>alert(1)");
    expect(html).toContain('type="password"');
    expect(res.headers.get("content-security-policy")).toMatch(/script-src 'nonce-/);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });
});
