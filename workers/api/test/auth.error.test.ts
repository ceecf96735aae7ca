import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

const post = (path: string, body: string) =>
  SELF.fetch(`https://api.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });

describe("sign-up refusals", () => {
  it("names every invalid field", async () => {
    const res = await post(
      "/v1/auth/sign-up",
      JSON.stringify({ email: "nope", country: "Germany", password: "short" }),
    );
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; errors: { path: string }[] };
    expect(problem.code).toBe("invalid_input");
    expect(problem.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(["companyName", "email", "country", "password", "professionalUse", "industry"]),
    );
  });

  it("refuses a refused industry with 422 and the reason", async () => {
    const body = {
      companyName: "Lucky Spin Ltd",
      street: "1 Main St",
      postcode: "10001",
      city: "New York",
      country: "US",
      industry: "online_casino",
      email: "owner@luckyspin.example",
      name: "Owner",
      password: "long enough passphrase",
      professionalUse: true,
    };
    const res = await post("/v1/auth/sign-up", JSON.stringify(body));
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      code: "industry_refused",
      detail: expect.stringContaining("online casinos"),
    });
  });

  it("answers malformed JSON with 400, not 500", async () => {
    const res = await post("/v1/auth/sign-up", "{not json");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("refuses a wrong password with the same answer as an unknown address", async () => {
    const unknown = await post(
      "/v1/auth/sign-in",
      JSON.stringify({ email: "ghost@x.example", password: "whatever" }),
    );
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ detail: "The email or the password is wrong." });
  });
});
