import { createEdgepostClient } from "@edgepost/client";
import { describe, expect, it } from "vitest";
import { useLocalStack } from "./local-stack";
import { mailTo } from "./maildev";

const local = useLocalStack();

describe("a new customer, through the typed client", () => {
  it("signs up, confirms the emailed link, signs in, makes an API key and reads the account with it", async () => {
    const anonymous = createEdgepostClient({ baseUrl: local.stack().info.api });
    const email = `owner-${Date.now()}@bakery.example`;
    const signUp = await anonymous.POST("/v1/auth/sign-up", {
      body: {
        companyName: "Boulangerie Dupont",
        street: "Rue de la Paix 3",
        postcode: "75002",
        city: "Paris",
        country: "FR",
        industry: "retail_ecommerce",
        email,
        name: "Marie Dupont",
        password: "croissants every morning",
        professionalUse: true,
      },
    });
    expect(signUp.response.status).toBe(202);

    const verification = await mailTo(local.stack().info.maildev, email, /Confirm your email address/);
    const link = /https?:\/\/\S+verify-email\?token=\S+/.exec(verification.text)?.[0] ?? "";
    expect(link.startsWith(local.stack().info.api)).toBe(true);
    expect(await (await fetch(link)).json()).toEqual({ verified: true });

    const signIn = await anonymous.POST("/v1/auth/sign-in", {
      body: { email, password: "croissants every morning" },
    });
    expect(signIn.response.status).toBe(200);
    const cookie = signIn.response.headers.get("set-cookie")?.split(";")[0] ?? "";
    const browser = createEdgepostClient({
      baseUrl: local.stack().info.api,
      headers: { cookie, origin: local.stack().info.api },
    });
    const created = await browser.POST("/v1/api-keys", {
      body: { name: "shop backend", scopes: ["account:read"] },
    });
    expect(created.response.status).toBe(201);

    const server = createEdgepostClient({ baseUrl: local.stack().info.api, apiKey: created.data?.key ?? "" });
    const account = await server.GET("/v1/account");
    expect(account.data).toMatchObject({
      companyName: "Boulangerie Dupont",
      currency: "EUR",
      vatCategory: "eu",
    });
    const forbidden = await server.GET("/v1/api-keys");
    expect(forbidden.response.status).toBe(403);
  });
});
