import { describe, expect, it } from "vitest";
import { sendDirect } from "./operations";
import { newTenant } from "./seed";

const OPERATOR = { authorization: "Bearer test-operator-key" };

describe("the operator's retention and jobs API", () => {
  it("shows every rule, changes a platform period within the default, and shortens one account's", async () => {
    const list = async () =>
      (
        (await (await sendDirect("GET", "/operator/v1/retention", OPERATOR)).json()) as {
          rules: {
            rule: string;
            default: string;
            period: string;
            accounts: { accountId: string; period: string }[];
          }[];
        }
      ).rules;
    expect((await list()).map((r) => r.rule)).toContain("campaign-statistics");

    const set = await sendDirect("PUT", "/operator/v1/retention/soft-bounces", OPERATOR, {
      json: { period: "P3M" },
    });
    expect(set.status).toBe(200);
    expect((await list()).find((r) => r.rule === "soft-bounces")).toMatchObject({
      default: "P6M",
      period: "P3M",
    });
    const longer = await sendDirect("PUT", "/operator/v1/retention/soft-bounces", OPERATOR, {
      json: { period: "P7M" },
    });
    expect(longer.status).toBe(400);
    expect(((await longer.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual([
      "period",
    ]);
    await sendDirect("PUT", "/operator/v1/retention/soft-bounces", OPERATOR, { json: { period: "P6M" } });

    const tenant = await newTenant();
    const path = `/operator/v1/accounts/${tenant.accountId}/retention/campaign-statistics`;
    expect((await sendDirect("PUT", path, OPERATOR, { json: { period: "P1Y" } })).status).toBe(200);
    expect((await list()).find((r) => r.rule === "campaign-statistics")?.accounts).toContainEqual(
      expect.objectContaining({ accountId: tenant.accountId, period: "P1Y" }),
    );
    expect((await sendDirect("DELETE", path, OPERATOR)).status).toBe(204);
    expect((await sendDirect("DELETE", path, OPERATOR)).status).toBe(404);
    // Not for customers.
    expect((await sendDirect("GET", "/operator/v1/retention", tenant.headers)).status).toBe(401);
  });

  it("runs a job now and lists its run record", async () => {
    const run = await sendDirect("POST", "/operator/v1/jobs/expire-soft-bounces/run", OPERATOR);
    expect(run.status).toBe(200);
    const started = (await run.json()) as { id: string; status: string; done: boolean };
    expect(started).toMatchObject({ status: "succeeded", done: true });
    const runs = (await (
      await sendDirect("GET", "/operator/v1/job-runs?job=expire-soft-bounces&limit=1", OPERATOR)
    ).json()) as { items: { id: string; job: string; cron: string; examined: number; changed: number }[] };
    expect(runs.items[0]).toMatchObject({ id: started.id, job: "expire-soft-bounces", cron: "operator" });
    expect((await sendDirect("POST", "/operator/v1/jobs/no-such-job/run", OPERATOR)).status).toBe(400);
  });
});
