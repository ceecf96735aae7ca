import { recipientToken } from "@edgepost/core";
import { accounts, consentEvents, listMemberships, lists, newId } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ctx, call as fetchPublic, sentCampaign } from "./tracking-harness";

const XSS = "<script>alert(1)</script>";
const call = async (path: string, init?: RequestInit) => (await fetchPublic(path, init)).res;

/** A campaign's recipient on one list, the account and the list named by the customer (hostile text). */
async function recipient(accountName = XSS, listName = XSS) {
  const sent = await sentCampaign();
  const now = new Date();
  const listId = newId("lst");
  await ctx.db.update(accounts).set({ name: accountName }).where(eq(accounts.id, sent.accountId));
  await ctx.db
    .insert(lists)
    .values({ id: listId, accountId: sent.accountId, name: listName, createdAt: now, updatedAt: now });
  await ctx.db.insert(listMemberships).values({
    accountId: sent.accountId,
    listId,
    contactId: sent.contactId,
    status: "subscribed",
    createdAt: now,
    updatedAt: now,
  });
  return sent;
}

const statusOf = async (contactId: string) =>
  (await ctx.db.select().from(listMemberships).where(eq(listMemberships.contactId, contactId)))[0]?.status;

const oneClick = {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: "List-Unsubscribe=One-Click",
};

describe("unsubscribe links", () => {
  it("answers 404 to a tampered, foreign-signed or made-up token, and changes nothing", async () => {
    const r = await recipient("Acme", "News");
    const [body = "", mac = ""] = r.token.split(".");
    const foreign = await recipientToken(
      "some-other-secret-of-at-least-32-characters",
      { campaignId: r.campaignId, contactId: r.contactId },
      new Date(),
    );
    const tampered = [
      `${body}.${mac.startsWith("A") ? "B" : "A"}${mac.slice(1)}`,
      `${body.slice(0, -2)}AA.${mac}`,
      body,
      foreign,
      "not-a-token",
    ];
    for (const token of tampered) {
      expect((await call(`/u/${token}`)).status).toBe(404);
      const post = await call(`/u/${token}`, oneClick);
      expect(post.status).toBe(404);
      expect(await post.json()).toMatchObject({ code: "not_found" });
    }
    expect(await statusOf(r.contactId)).toBe("subscribed");
  });

  it("escapes the account's and the lists' names on the page and the done page", async () => {
    const r = await recipient();
    const page = await (await call(`/u/${r.token}`)).text();
    expect(page).not.toContain(XSS);
    expect(page).toContain("Unsubscribe from &lt;script&gt;alert(1)&lt;/script&gt;&#39;s emails?");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;</label>");
    const done = await call(`/u/${r.token}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "action=unsubscribe",
    });
    const text = await done.text();
    expect(text).not.toContain(XSS);
    expect(text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("sends the page, the one-click answer and the 404 with headers that keep the token from leaking or being framed", async () => {
    const r = await recipient("Acme", "News");
    const answers = [
      await call(`/u/${r.token}`),
      await call(`/u/${r.token}`, oneClick),
      await call("/u/forged"),
    ];
    for (const res of answers) {
      expect(res.headers.get("content-security-policy")).toContain(
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
      );
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
  });

  it("refuses a POST that is neither one-click nor one of the page's forms, and changes nothing", async () => {
    const r = await recipient("Acme", "News");
    const bodies: RequestInit[] = [
      { method: "POST" },
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=Yes",
      },
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"List-Unsubscribe":"One-Click"}',
      },
    ];
    for (const init of bodies) expect((await call(`/u/${r.token}`, init)).status).toBe(400);
    expect(await statusOf(r.contactId)).toBe("subscribed");
  });

  it("shows nothing of a closed account, yet honours its one-click unsubscribes", async () => {
    const r = await recipient("Closed Corp", "Private list");
    await ctx.db
      .update(accounts)
      .set({ status: "closed", closedAt: new Date() })
      .where(eq(accounts.id, r.accountId));
    const page = await (await call(`/u/${r.token}`)).text();
    expect(page).toContain("Unsubscribe from these emails?");
    expect(page).not.toContain("Closed Corp");
    expect(page).not.toContain("Private list");
    expect((await call(`/u/${r.token}`, oneClick)).status).toBe(200);
    expect(await statusOf(r.contactId)).toBe("unsubscribed");
    const ledger = await ctx.db.select().from(consentEvents).where(eq(consentEvents.contactId, r.contactId));
    expect(ledger).toMatchObject([{ action: "unsubscribed", source: "campaign" }]);
  });
});
