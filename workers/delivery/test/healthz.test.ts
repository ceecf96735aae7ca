import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("delivery worker over HTTP", () => {
  it("answers only /healthz", async () => {
    expect(await (await SELF.fetch("https://delivery.test/healthz")).json()).toEqual({
      status: "ok",
      database: "ok",
    });
    expect((await SELF.fetch("https://delivery.test/")).status).toBe(404);
  });
});
