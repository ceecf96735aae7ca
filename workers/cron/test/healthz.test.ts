import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

describe("cron worker over HTTP", () => {
  it("answers only /healthz", async () => {
    expect(await (await SELF.fetch("https://cron.test/healthz")).json()).toEqual({
      status: "ok",
      database: "ok",
    });
    expect((await SELF.fetch("https://cron.test/")).status).toBe(404);
  });
});
