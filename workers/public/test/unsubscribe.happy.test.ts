import {
  accounts,
  campaigns,
  consentEvents,
  contactFields,
  contacts,
  dailyStats,
  type ListStatus,
  listMemberships,
  lists,
  newId,
} from "@edgepost/db";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { ctx, call as fetchPublic, sentCampaign } from "./tracking-harness";

const call = async (path: string, init?: RequestInit) => (await fetchPublic(path, init)).res;

/**
 * A campaign message's recipient (account "Café Lumière") on two lists, News (the campaign's
 * audience) and Offers, in these statuses; with a `language` field and value when given.
 */
async function recipient(statuses: { news: ListStatus; offers: ListStatus }, language?: string) {
  const sent = await sentCampaign();
  const { accountId, contactId } = sent;
  const now = new Date();
  await ctx.db.update(accounts).set({ name: "Café Lumière" }).where(eq(accounts.id, accountId));
  const [news, offers] = [newId("lst"), newId("lst")];
  await ctx.db.insert(lists).values([
    { id: news, accountId, name: "News", doubleOptIn: false, createdAt: now, updatedAt: now },
    { id: offers, accountId, name: "Offers", doubleOptIn: false, createdAt: now, updatedAt: now },
  ]);
  await ctx.db.insert(listMemberships).values([
    { accountId, listId: news, contactId, status: statuses.news, createdAt: now, updatedAt: now },
    { accountId, listId: offers, contactId, status: statuses.offers, createdAt: now, updatedAt: now },
  ]);
  await ctx.db
    .update(campaigns)
    .set({ audience: { lists: [news], segments: [], excludeLists: [], excludeSegments: [] } })
    .where(eq(campaigns.id, sent.campaignId));
  if (language) {
    await ctx.db.insert(contactFields).values({
      id: newId("fld"),
      accountId,
      key: "language",
      label: "Language",
      type: "text",
      createdAt: now,
    });
    await ctx.db.update(contacts).set({ attributes: { language } }).where(eq(contacts.id, contactId));
  }
  return { ...sent, news, offers, url: `/u/${sent.token}` };
}

async function statuses(contactId: string) {
  const rows = await ctx.db
    .select({ listId: listMemberships.listId, status: listMemberships.status })
    .from(listMemberships)
    .where(eq(listMemberships.contactId, contactId));
  return Object.fromEntries(rows.map((r) => [r.listId, r.status]));
}

const oneClick = "List-Unsubscribe=One-Click";
const urlencoded = { "content-type": "application/x-www-form-urlencoded" };

describe("one-click unsubscribe (RFC 8058)", () => {
  it("unsubscribes at once from a urlencoded POST with no cookie or login, on the ledger with IP and agent", async () => {
    const r = await recipient({ news: "subscribed", offers: "subscribed" });
    const res = await call(r.url, {
      method: "POST",
      headers: { ...urlencoded, "cf-connecting-ip": "203.0.113.9", "user-agent": "Gmail one-click" },
      body: oneClick,
    });
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBeLessThan(100);
    expect(await statuses(r.contactId)).toEqual({ [r.news]: "unsubscribed", [r.offers]: "subscribed" });
    const ledger = await ctx.db.select().from(consentEvents).where(eq(consentEvents.contactId, r.contactId));
    expect(ledger).toMatchObject([
      {
        listId: r.news,
        action: "unsubscribed",
        source: "campaign",
        sourceRef: r.campaignId,
        ip: "203.0.113.9",
        userAgent: "Gmail one-click",
      },
    ]);

    const again = await call(r.url, { method: "POST", headers: urlencoded, body: oneClick });
    expect(again.status).toBe(200);
    const stats = await ctx.db.select().from(dailyStats).where(eq(dailyStats.campaignId, r.campaignId));
    expect(stats.map((s) => s.unsubscribes)).toEqual([1]);
  });

  it("accepts the one-click body as multipart/form-data too", async () => {
    const r = await recipient({ news: "subscribed", offers: "subscribed" });
    const body = new FormData();
    body.set("List-Unsubscribe", "One-Click");
    const res = await call(r.url, { method: "POST", body });
    expect(res.status).toBe(200);
    expect(await statuses(r.contactId)).toMatchObject({ [r.news]: "unsubscribed" });
  });
});

describe("the unsubscribe page", () => {
  it("asks before unsubscribing: a GET changes nothing, the confirm button unsubscribes", async () => {
    const r = await recipient({ news: "subscribed", offers: "unsubscribed" });
    for (let i = 0; i < 2; i++) {
      const res = await call(r.url);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/html");
      const page = await res.text();
      expect(page).toContain('<html lang="en">');
      expect(page).toContain("Unsubscribe from Café Lumière&#39;s emails?");
      expect(page).toContain('name="action" value="unsubscribe"');
      expect(page).toMatch(new RegExp(`name="list" value="${r.news}" checked`));
      // A list the contact left is shown, but cannot be ticked again here.
      expect(page).toMatch(/<input type="checkbox" disabled> Offers<small>You are not on this list/);
    }
    expect(await statuses(r.contactId)).toEqual({ [r.news]: "subscribed", [r.offers]: "unsubscribed" });

    const done = await call(r.url, { method: "POST", headers: urlencoded, body: "action=unsubscribe" });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain("You will no longer receive these emails from Café Lumière.");
    expect(await statuses(r.contactId)).toEqual({ [r.news]: "unsubscribed", [r.offers]: "unsubscribed" });
  });

  it("saves the preference centre: an unticked list is left, a ticked one is kept, none is joined again", async () => {
    const r = await recipient({ news: "subscribed", offers: "subscribed" });
    const body = new URLSearchParams([
      ["action", "preferences"],
      ["shown", r.news],
      ["shown", r.offers],
      ["list", r.news],
    ]);
    const res = await call(r.url, { method: "POST", headers: urlencoded, body: body.toString() });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<p role="status">Your choices are saved.</p>');
    expect(page).toMatch(/<input type="checkbox" disabled> Offers/);
    expect(await statuses(r.contactId)).toEqual({ [r.news]: "subscribed", [r.offers]: "unsubscribed" });

    const tickedAgain = body.toString().replace(`shown=${r.offers}`, "").concat(`&list=${r.offers}`);
    await call(r.url, { method: "POST", headers: urlencoded, body: tickedAgain });
    expect(await statuses(r.contactId)).toEqual({ [r.news]: "subscribed", [r.offers]: "unsubscribed" });
  });

  it("speaks the contact's language when the account has a language field, else the browser's, else English", async () => {
    const german = await recipient({ news: "subscribed", offers: "subscribed" }, "de-CH");
    const de = await (await call(german.url, { headers: { "accept-language": "fr-FR,fr;q=0.9" } })).text();
    expect(de).toContain('<html lang="de">');
    expect(de).toContain("E-Mails von Café Lumière abbestellen?");

    const r = await recipient({ news: "subscribed", offers: "subscribed" });
    const cases: [string, string, string][] = [
      ["it-CH, en;q=0.5", "it", "Annullare l’iscrizione alle email di Café Lumière?"],
      ["nl, es;q=0.8, fr;q=0.9", "fr", "Vous désabonner des e-mails de Café Lumière\u00a0?"],
      ["pt-BR", "pt", "Deixar de receber os e-mails de Café Lumière?"],
      ["es;q=0.2, *", "es", "¿Darte de baja de los correos de Café Lumière?"],
      ["ja, zh;q=0.9", "en", "Unsubscribe from Café Lumière&#39;s emails?"],
    ];
    for (const [acceptLanguage, lang, question] of cases) {
      const page = await (await call(r.url, { headers: { "accept-language": acceptLanguage } })).text();
      expect(page).toContain(`<html lang="${lang}">`);
      expect(page).toContain(question);
    }
  });
});
