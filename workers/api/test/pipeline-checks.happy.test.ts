import { SELF } from "cloudflare:test";
import { pipelineChecks } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, newAccountWithKey } from "./seed";

describe("POST /v1/pipeline-checks", () => {
  it("records the check and answers 202 with it", async () => {
    const { accountId, headers } = await newAccountWithKey();
    const res = await SELF.fetch("https://api.test/v1/pipeline-checks", { method: "POST", headers });
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: string; status: string; deliveredAt: null };
    expect(body).toMatchObject({ status: "queued", deliveredAt: null });
    const [row] = await db.select().from(pipelineChecks).where(eq(pipelineChecks.id, body.id));
    expect(row?.accountId).toBe(accountId);

    const read = await SELF.fetch(`https://api.test/v1/pipeline-checks/${body.id}`, { headers });
    expect(await read.json()).toMatchObject({ id: body.id, status: "queued" });
  });
});

describe("GET /healthz", () => {
  it("answers ok when the database answers", async () => {
    const res = await SELF.fetch("https://api.test/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "ok" });
  });
});

describe("GET /v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document generated from the routes", async () => {
    const res = await SELF.fetch("https://api.test/v1/openapi.json");
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/healthz", "/v1/pipeline-checks", "/v1/pipeline-checks/{id}"]),
    );
  });
});
