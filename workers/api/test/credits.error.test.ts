import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newAccountWithKey } from "./seed";

const OPERATOR = { authorization: "Bearer test-operator-key", "content-type": "application/json" };

describe("POST /operator/v1/accounts/{id}/credits", () => {
  it("answers a repeat as the first booking, and 409 reference_reused for the reference with another booking", async () => {
    const { accountId, headers } = await newAccountWithKey();
    const book = (body: unknown) =>
      SELF.fetch(`https://api.test/operator/v1/accounts/${accountId}/credits`, {
        method: "POST",
        headers: OPERATOR,
        body: JSON.stringify(body),
      });
    const booking = { wallet: "email", amount: 5000, reference: "goodwill-2026-11" };
    const first = await book(booking);
    expect(first.status).toBe(200);
    const { balance } = (await first.json()) as { balance: number };
    const again = await book(booking);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ wallet: "email", balance });

    for (const reused of [
      { ...booking, amount: 50_000 },
      { ...booking, wallet: "sms" },
    ]) {
      const res = await book(reused);
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ code: "reference_reused", status: 409 });
    }
    const credits = (await (await SELF.fetch("https://api.test/v1/credits", { headers })).json()) as {
      balances: { email: number; sms: number };
    };
    expect(credits.balances).toEqual({ email: balance, sms: 0 });
  });
});
