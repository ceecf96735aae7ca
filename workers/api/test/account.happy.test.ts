import { SELF } from "cloudflare:test";
import { auditLog, messages } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, newAccountWithKey } from "./seed";

const patch = (headers: Record<string, string>, body: unknown) =>
  SELF.fetch("https://api.test/v1/account", {
    method: "PATCH",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("PATCH /v1/account", () => {
  it("corrects the account, moves currency with the country, audits it and emails the owner", async () => {
    const customer = await newAccountWithKey();
    const res = await patch(customer.headers, { companyName: "Test Co AG", country: "CH", city: "Bern" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      companyName: "Test Co AG",
      city: "Bern",
      currency: "CHF",
      vatCategory: "ch",
    });
    const audit = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.accountId, customer.accountId), eq(auditLog.action, "account.updated")));
    expect(audit).toHaveLength(1);
    const mail = await db.select().from(messages).where(eq(messages.accountId, customer.accountId));
    expect(mail.map((m) => m.subject)).toContain("Your Edgepost account details were changed");
  });

  it("refuses a change to a refused industry and changes nothing", async () => {
    const customer = await newAccountWithKey();
    const res = await patch(customer.headers, { industry: "escort_services", city: "Basel" });
    expect(res.status).toBe(422);
    const account = (await (
      await SELF.fetch("https://api.test/v1/account", { headers: customer.headers })
    ).json()) as {
      city: string;
    };
    expect(account.city).toBe("Lausanne");
  });

  it("refuses an empty change", async () => {
    const customer = await newAccountWithKey();
    expect((await patch(customer.headers, {})).status).toBe(400);
  });
});
