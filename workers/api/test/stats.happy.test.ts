import { SELF } from "cloudflare:test";
import { campaignLinkStats, campaigns, dailyStats } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db, newAccountWithKey } from "./seed";

const API = "https://api.test";

const get = (path: string, headers: Record<string, string>) => SELF.fetch(`${API}${path}`, { headers });

/** A draft campaign of the account, with two tracked links as if it had started sending. */
async function campaignOf(headers: Record<string, string>) {
  const res = await SELF.fetch(`${API}/v1/campaigns`, {
    method: "POST",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ name: "Spring", audience: {} }),
  });
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  await db
    .update(campaigns)
    .set({ status: "sending", links: ["https://shop.example/a", "https://shop.example/b"] })
    .where(eq(campaigns.id, id));
  return id;
}

describe("statistics", () => {
  it("shows a campaign's totals, daily series and link clicks from its rollups, to its account alone", async () => {
    const { accountId, headers } = await newAccountWithKey();
    const id = await campaignOf(headers);
    await db.insert(dailyStats).values([
      {
        accountId,
        campaignId: id,
        day: "2026-12-07",
        sent: 100,
        delivered: 97,
        hardBounces: 2,
        opensUnique: 40,
      },
      {
        accountId,
        campaignId: id,
        day: "2026-12-08",
        delivered: 1,
        opensUnique: 5,
        opensTotal: 9,
        clicksTotal: 3,
      },
      // Transactional email of the same account is not the campaign's.
      { accountId, campaignId: "", day: "2026-12-08", sent: 7 },
    ]);
    await db
      .insert(campaignLinkStats)
      .values({ campaignId: id, link: 1, accountId, clicksUnique: 2, clicksTotal: 3 });

    const res = await get(`/v1/campaigns/${id}/stats`, headers);
    expect(res.status).toBe(200);
    const stats = (await res.json()) as Record<string, unknown>;
    expect(stats).toMatchObject({
      id,
      status: "sending",
      pausedReason: null,
      totals: { sent: 100, delivered: 98, hardBounces: 2, opensUnique: 45, opensTotal: 9, clicksTotal: 3 },
      daily: [
        { day: "2026-12-07", sent: 100, delivered: 97 },
        { day: "2026-12-08", sent: 0, delivered: 1 },
      ],
      links: [
        { index: 0, url: "https://shop.example/a", clicksUnique: 0, clicksTotal: 0 },
        { index: 1, url: "https://shop.example/b", clicksUnique: 2, clicksTotal: 3 },
      ],
    });

    const other = await newAccountWithKey();
    const foreign = await get(`/v1/campaigns/${id}/stats`, other.headers);
    expect(foreign.status).toBe(404);
  });

  it("shows the account's days, transactional and campaigns apart, every day of the range", async () => {
    const { accountId, headers } = await newAccountWithKey();
    const id = await campaignOf(headers);
    await db.insert(dailyStats).values([
      { accountId, campaignId: "", day: "2026-11-30", sent: 4, delivered: 3, failures: 1 },
      { accountId, campaignId: id, day: "2026-11-30", sent: 10, complaints: 1 },
      { accountId, campaignId: id, day: "2026-12-02", sent: 5 },
      { accountId, campaignId: id, day: "2026-12-05", sent: 99 },
    ]);
    const res = await get("/v1/stats/daily?from=2026-11-30&to=2026-12-02", headers);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      from: string;
      to: string;
      days: { day: string; transactional: Record<string, number>; campaigns: Record<string, number> }[];
    };
    expect(body.days.map((d) => [d.day, d.transactional.sent, d.campaigns.sent])).toEqual([
      ["2026-11-30", 4, 10],
      ["2026-12-01", 0, 0],
      ["2026-12-02", 0, 5],
    ]);
    expect(body.days[0]).toMatchObject({
      transactional: { delivered: 3, failures: 1 },
      campaigns: { complaints: 1 },
    });

    // Without a range: the last 30 days, today included.
    const recent = (await (await get("/v1/stats/daily", headers)).json()) as typeof body;
    expect(recent.days).toHaveLength(30);
    expect(recent.to).toBe(new Date().toISOString().slice(0, 10));
  });

  it("refuses a range that is upside down, too long, or not made of days, naming the field", async () => {
    const { headers } = await newAccountWithKey();
    for (const [query, field] of [
      ["from=2026-12-02&to=2026-12-01", "from"],
      ["from=2024-01-01&to=2026-01-01", "from"],
      ["from=2026-13-01", "from"],
      ["to=yesterday", "to"],
    ] as const) {
      const res = await get(`/v1/stats/daily?${query}`, headers);
      expect(res.status, query).toBe(400);
      expect(JSON.stringify(await res.json()), query).toContain(field);
    }
  });
});
