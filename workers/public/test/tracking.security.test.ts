import { recipientToken } from "@edgepost/core";
import { newId } from "@edgepost/db";
import { describe, expect, it } from "vitest";
import { call, LINKS, SECRET, sentCampaign } from "./tracking-harness";

/** The token with one character of its signature changed. */
function tampered(token: string) {
  const last = token.at(-1) === "A" ? "B" : "A";
  return `${token.slice(0, -1)}${last}`;
}

describe("tracking links with a token that is not ours", () => {
  it("answer 404 on the pixel, the redirect and the page to a tampered, unsigned, foreign or expired token, queueing nothing", async () => {
    const { campaignId, contactId, token } = await sentCampaign();
    const [payload] = token.split(".");
    const badTokens = [
      tampered(token),
      payload ?? "",
      `${payload}.`,
      await recipientToken(
        "another-secret-of-at-least-32-characters!!",
        { campaignId, contactId },
        new Date(),
      ),
      await recipientToken(SECRET, { campaignId, contactId }, new Date(Date.now() - 6 * 366 * 86_400_000)),
      // Signed, but naming another campaign than the contact got.
      await recipientToken(SECRET, { campaignId: newId("cmp"), contactId }, new Date()),
    ];
    for (const bad of badTokens) {
      for (const path of [`/o/${bad}`, `/c/${bad}/0`, `/v/${bad}`]) {
        const { res, queued } = await call(path, { redirect: "manual" });
        // The pixel needs no database read, so it cannot know of a campaign that does not exist:
        // the writer drops that event. Every other bad token is refused here.
        if (bad === badTokens[5] && path.startsWith("/o/")) continue;
        expect(res.status, path).toBe(404);
        expect(res.headers.get("location"), path).toBeNull();
        expect(queued, path).toEqual([]);
      }
    }
  });

  it("answers 404 to a link index the campaign does not have, or that is not an index", async () => {
    const { token } = await sentCampaign();
    for (const link of ["2", "99999", "-1", "1e0", "0x1", "https%3A%2F%2Fevil.example"]) {
      const { res, queued } = await call(`/c/${token}/${link}`, { redirect: "manual" });
      expect(res.status, link).toBe(404);
      expect(queued, link).toEqual([]);
    }
  });

  it("never redirects to a URL the request names", async () => {
    const { token } = await sentCampaign();
    for (const path of [
      `/c/${token}/0?url=https://evil.example`,
      `/c/${token}/0?redirect=https%3A%2F%2Fevil.example&next=//evil.example`,
    ]) {
      const { res } = await call(path, { redirect: "manual" });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(LINKS[0]);
    }
    for (const path of [`/c/${token}/0/https://evil.example`, `/c/${token}//evil.example`]) {
      const { res } = await call(path, { redirect: "manual" });
      expect(res.status, path).toBe(404);
      expect(res.headers.get("location")).toBeNull();
    }
  });
});
