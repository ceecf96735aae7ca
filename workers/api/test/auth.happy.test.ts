import { SELF } from "cloudflare:test";
import { messages } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, signUpForm } from "./seed";

const form = signUpForm;

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  SELF.fetch(`https://api.test${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });

async function linkTokenSentTo(email: string): Promise<string> {
  const [mail] = await db.select().from(messages).where(eq(messages.toAddress, email));
  const token = /token=([A-Za-z0-9_.-]+)/.exec(mail?.text ?? "")?.[1];
  if (!token) throw new Error(`no link sent to ${email}`);
  return token;
}

describe("sign-up, verification, sign-in, account, sign-out over HTTP", () => {
  it("walks a new customer from sign-up to reading their account with a session cookie", async () => {
    const email = `${crypto.randomUUID()}@nordlicht.example`;
    const signedUp = await post("/v1/auth/sign-up", { ...form, email });
    expect(signedUp.status).toBe(202);
    expect(await signedUp.json()).toEqual({ status: "verification_sent" });

    const token = await linkTokenSentTo(email);
    const verified = await SELF.fetch(`https://api.test/v1/auth/verify-email?token=${token}`);
    expect(await verified.json()).toEqual({ verified: true });

    const signedIn = await post("/v1/auth/sign-in", { email, password: form.password });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^ep_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = { cookie: cookie.split(";")[0] ?? "" };

    const account = await SELF.fetch("https://api.test/v1/account", { headers: session });
    expect(await account.json()).toMatchObject({
      companyName: "Nordlicht GmbH",
      country: "DE",
      currency: "EUR",
      vatCategory: "eu",
      status: "active",
    });

    const change = await SELF.fetch("https://api.test/v1/account", {
      method: "PATCH",
      headers: { ...session, "content-type": "application/json" },
      body: JSON.stringify({ city: "Lübeck" }),
    });
    expect(change.status).toBe(403); // no Origin: not proven to come from Edgepost's own pages
    for (const origin of ["https://api.test", undefined]) {
      const headers = origin ? { ...session, origin } : { ...session, "sec-fetch-site": "same-origin" };
      const res = await SELF.fetch("https://api.test/v1/account", {
        method: "PATCH",
        headers: { ...headers, "content-type": "application/json" },
        body: JSON.stringify({ city: "Lübeck" }),
      });
      expect(res.status).toBe(200);
    }
    const crossSite = await SELF.fetch("https://api.test/v1/account", {
      method: "PATCH",
      headers: { ...session, origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ city: "Lübeck" }),
    });
    expect(crossSite.status).toBe(403);

    const out = await post("/v1/auth/sign-out", {}, session);
    expect(out.status).toBe(204);
    expect((await SELF.fetch("https://api.test/v1/account", { headers: session })).status).toBe(401);
  });
});
