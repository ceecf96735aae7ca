import { recordCampaignEvents } from "@edgepost/core";
import { dailyStats } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { call, ctx, LINKS, sentCampaign } from "./tracking-harness";

const BROWSER =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

describe("tracking links", () => {
  it("answers the open pixel at once with a transparent GIF no cache keeps, and queues the open", async () => {
    const { accountId, campaignId, contactId, token } = await sentCampaign();
    const { res, queued } = await call(`/o/${token}`, { headers: { "user-agent": BROWSER } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/gif");
    expect(res.headers.get("cache-control")).toBe("no-store, private");
    const gif = new Uint8Array(await res.arrayBuffer());
    expect(gif).toHaveLength(43);
    expect(new TextDecoder().decode(gif.slice(0, 6))).toBe("GIF89a");
    expect(queued).toEqual([
      expect.objectContaining({
        kind: "campaign_event",
        campaignId,
        contactId,
        type: "opened",
        machine: false,
        userAgent: BROWSER,
      }),
    ]);

    // The delivery worker hands the queued opens to the writer: a human open of the campaign today.
    const { recorded } = await recordCampaignEvents({ ctx, input: queued as never });
    expect(recorded).toBe(1);
    const [day] = await ctx.db
      .select()
      .from(dailyStats)
      .where(and(eq(dailyStats.accountId, accountId), eq(dailyStats.campaignId, campaignId)));
    expect(day).toMatchObject({ opensUnique: 1, opensTotal: 1, opensMachine: 0 });
  });

  it("takes an open by Apple's privacy proxy for a machine's", async () => {
    const { token } = await sentCampaign();
    const { queued } = await call(`/o/${token}`, { headers: { "user-agent": "Mozilla/5.0" } });
    expect(queued).toEqual([expect.objectContaining({ type: "opened", machine: true })]);
  });

  it("redirects a click to the campaign's link of that index and queues it; a HEAD request is a scanner's", async () => {
    const { campaignId, contactId, token } = await sentCampaign();
    const click = await call(`/c/${token}/1`, { headers: { "user-agent": BROWSER }, redirect: "manual" });
    expect(click.res.status).toBe(302);
    expect(click.res.headers.get("location")).toBe(LINKS[1]);
    expect(click.res.headers.get("cache-control")).toBe("no-store, private");
    expect(click.queued).toEqual([
      expect.objectContaining({
        kind: "campaign_event",
        campaignId,
        contactId,
        type: "clicked",
        link: 1,
        machine: false,
      }),
    ]);

    const head = await call(`/c/${token}/0`, {
      method: "HEAD",
      headers: { "user-agent": BROWSER },
      redirect: "manual",
    });
    expect(head.res.status).toBe(302);
    expect(head.res.headers.get("location")).toBe(LINKS[0]);
    expect(head.queued).toEqual([expect.objectContaining({ type: "clicked", link: 0, machine: true })]);

    const scanner = await call(`/c/${token}/0`, {
      headers: { "user-agent": "python-requests/2.32.3" },
      redirect: "manual",
    });
    expect(scanner.queued).toEqual([expect.objectContaining({ machine: true })]);
  });

  it("shows the message in the browser as the contact got it, with tracked links and without the pixel", async () => {
    const { token } = await sentCampaign();
    const { res, queued } = await call(`/v/${token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toContain("sandbox");
    const html = await res.text();
    expect(html).toContain("Hello Ann");
    expect(html).toContain(`href="https://public.test/c/${token}/0"`);
    expect(html).toContain(`href="https://public.test/c/${token}/1"`);
    expect(html).not.toContain("/o/");
    expect(queued).toEqual([]);
  });
});
