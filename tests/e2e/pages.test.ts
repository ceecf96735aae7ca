import { createEdgepostClient } from "@edgepost/client";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./browser";
import { useLocalStack } from "./local-stack";
import { mailTo } from "./maildev";

const local = useLocalStack();
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe("pages in a real browser", () => {
  it("resets a forgotten password from the emailed link", async () => {
    const { info } = local.stack();
    const api = createEdgepostClient({ baseUrl: info.api });
    const email = `forgetful-${Date.now()}@example.com`;
    await api.POST("/v1/auth/sign-up", {
      body: {
        companyName: "Forgetful Ltd",
        street: "1 High St",
        postcode: "SW1A 1AA",
        city: "London",
        country: "GB",
        industry: "agency",
        email,
        name: "Sam",
        password: "the first passphrase",
        professionalUse: true,
      },
    });
    const verify = /http\S+verify-email\?token=\S+/.exec(
      (await mailTo(info.maildev, email, /Confirm/)).text,
    )?.[0];
    await fetch(verify ?? "");
    await api.POST("/v1/auth/password-reset", { body: { email } });
    const reset = await mailTo(info.maildev, email, /Reset your Edgepost password/);
    const link = /http\S+password-reset\?token=\S+/.exec(reset.text)?.[0] ?? "";

    const page = await browser.newPage();
    await page.goto(link);
    await page.fill("input[name=password]", "a fresh passphrase");
    await page.click("button");
    await expect.poll(() => page.textContent("output")).toContain("Your password is changed");
    await page.close();

    const old = await api.POST("/v1/auth/sign-in", { body: { email, password: "the first passphrase" } });
    expect(old.response.status).toBe(401);
    const fresh = await api.POST("/v1/auth/sign-in", { body: { email, password: "a fresh passphrase" } });
    expect(fresh.response.status).toBe(200);
  });

  it("lets an invited person join from the emailed link, then sign in", async () => {
    const { info } = local.stack();
    const email = `invitee-${Date.now()}@example.com`;
    const admin = createEdgepostClient({ baseUrl: info.api, apiKey: info.apiKey });
    const invited = await admin.POST("/v1/users/invitations", { body: { email, role: "editor" } });
    expect(invited.response.status).toBe(201);
    const mail = await mailTo(info.maildev, email, /You are invited/);
    const link = /http\S+accept-invitation\?token=\S+/.exec(mail.text)?.[0] ?? "";

    const page = await browser.newPage();
    await page.goto(link);
    await page.fill("input[name=name]", "Robin");
    await page.fill("input[name=password]", "a joining passphrase");
    await page.click("button");
    await expect.poll(() => page.textContent("output")).toContain(`sign in as ${email}`);
    await page.close();

    const api = createEdgepostClient({ baseUrl: info.api });
    const signIn = await api.POST("/v1/auth/sign-in", { body: { email, password: "a joining passphrase" } });
    expect(signIn.data).toMatchObject({ accountId: info.accountId });
  });

  it("tries an operation from the API reference with a pasted key", async () => {
    const { info } = local.stack();
    const page = await browser.newPage();
    await page.goto(`${info.api}/v1/reference`);
    await page.fill("#key", info.apiKey);
    const section = page.locator('section[id="get-/v1/account"]');
    await section.locator("button").click();
    await expect.poll(() => section.locator("output").textContent()).toContain("200 OK");
    expect(await section.locator("output").textContent()).toContain(info.accountId);
    await page.close();
  });
});
