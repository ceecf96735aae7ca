import { createApp } from "@edgepost/worker-api/src/app";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type components, createEdgepostClient, type EdgepostClientOptions } from "../src/index";

/**
 * The real API worker, in process. It has no database or queue here, so these tests only take paths
 * that answer before either is used: request validation and the checks of the caller's credential.
 */
const app = createApp();
/**
 * `createCtx` reads the URL up front but these paths never connect; nothing listens there. The
 * public operations count every caller against Cloudflare's rate-limiting binding: one that lets all through.
 */
const env = {
  LIBSQL_URL: "http://127.0.0.1:9",
  PUBLIC_API_URL: "http://api.edgepost.test",
  RATE_LIMIT_AUTH: { limit: async () => ({ success: true }) },
};
const executionCtx = { waitUntil() {}, passThroughOnException() {}, props: {} };
const fetch = async (request: Request) => app.fetch(request, env, executionCtx);

function client(options: Omit<EdgepostClientOptions, "baseUrl" | "fetch"> = {}) {
  return createEdgepostClient({ baseUrl: "http://api.edgepost.test", fetch, ...options });
}

type Problem = components["schemas"]["Problem"];

describe("createEdgepostClient", () => {
  it("sends the JSON body and returns the field errors of a refused sign-up", async () => {
    const { data, error, response } = await client().POST("/v1/auth/sign-up", {
      body: {
        companyName: "Acme AG",
        street: "Bahnhofstrasse 1",
        postcode: "8001",
        city: "Zürich",
        country: "CH",
        industry: "retail_ecommerce",
        email: "not an email",
        name: "Ada",
        password: "short",
        professionalUse: true,
      },
    });
    expectTypeOf(data).toEqualTypeOf<{ status: "verification_sent" } | undefined>();
    expectTypeOf(error).toEqualTypeOf<Problem | undefined>();
    expect(response.status).toBe(400);
    expect(data).toBeUndefined();
    expect(error?.code).toBe("invalid_input");
    expect(error?.errors?.map((e) => e.path).sort()).toEqual(["email", "password"]);
  });

  it("asks for a credential when it has none", async () => {
    const { data, error, response } = await client().GET("/v1/account");
    expectTypeOf(data).toEqualTypeOf<components["schemas"]["Account"] | undefined>();
    expect(response.status).toBe(401);
    expect(error?.detail).toMatch(/Send an API key/);
  });

  it("sends the API key as a bearer token", async () => {
    const { error, response } = await client({ apiKey: "not-a-key" }).GET("/v1/account");
    expect(response.status).toBe(401);
    expect(error?.detail).toBe("The API key is malformed.");
  });

  it("sends its extra headers with every request", async () => {
    const crossSite = client({ headers: { cookie: "ep_session=abc", origin: "https://elsewhere.test" } });
    const { error, response } = await crossSite.PATCH("/v1/account", { body: { city: "Bern" } });
    expect(response.status).toBe(403);
    expect(error?.detail).toBe("A change made with the session cookie must come from Edgepost's own pages.");
  });
});
