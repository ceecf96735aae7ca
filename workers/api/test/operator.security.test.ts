import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newAccountWithKey } from "./seed";

const operator = { authorization: "Bearer test-operator-key" };
const call = (path: string, headers: Record<string, string>) =>
  SELF.fetch(`https://api.test${path}`, { method: "POST", headers });

describe("operator API", () => {
  it("suspends and reactivates an account; the account's writes stop and resume", async () => {
    const customer = await newAccountWithKey();
    const suspended = await call(`/operator/v1/accounts/${customer.accountId}/suspend`, operator);
    expect(await suspended.json()).toEqual({ id: customer.accountId, status: "suspended" });
    const write = await call("/v1/pipeline-checks", customer.headers);
    expect(write.status).toBe(403);
    expect((await SELF.fetch("https://api.test/v1/account", { headers: customer.headers })).status).toBe(200);

    expect((await call(`/operator/v1/accounts/${customer.accountId}/suspend`, operator)).status).toBe(409);
    const reactivated = await call(`/operator/v1/accounts/${customer.accountId}/reactivate`, operator);
    expect(await reactivated.json()).toEqual({ id: customer.accountId, status: "active" });
    expect((await call("/v1/pipeline-checks", customer.headers)).status).toBe(202);
  });

  it("refuses customers' API keys, wrong keys and no key", async () => {
    const customer = await newAccountWithKey();
    for (const headers of [customer.headers, { authorization: "Bearer test-operator-kex" }, {}]) {
      const res = await call(`/operator/v1/accounts/${customer.accountId}/suspend`, headers);
      expect(res.status).toBe(401);
    }
  });

  it("answers 404 for an account that does not exist", async () => {
    const res = await call("/operator/v1/accounts/acc_00000000000000000000000000/suspend", operator);
    expect(res.status).toBe(404);
  });
});
