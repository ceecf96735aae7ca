import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { createEdgepostClient } from "@edgepost/client";
import { campaigns, consentEvents, listMemberships } from "@edgepost/db";
import { createNodeDb } from "@edgepost/db/node";
import { eq } from "drizzle-orm";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The token campaign messages carry, made as the delivery worker makes it.
import { recipientToken } from "../../packages/core/src/campaigns/recipient-token";
import { launchChromium } from "./browser";
import { useLocalStack } from "./local-stack";

const local = useLocalStack();
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Through the API: lists News and Offers, a contact subscribed to both (with a `language` when
 * given), and a campaign to News, moved to `sending`; then the link its message would carry.
 */
async function campaignLink(run: string, language?: string) {
  const { info, database } = local.stack();
  const api = createEdgepostClient({ baseUrl: info.api, apiKey: info.apiKey });
  const field = await api.POST("/v1/contact-fields", {
    body: { key: "language", label: "Language", type: "text" },
  });
  expect([201, 409]).toContain(field.response.status);
  const lists = [];
  for (const name of [`News ${run}`, `Offers ${run}`]) {
    const { data } = await api.POST("/v1/lists", { body: { name, doubleOptIn: false } });
    if (!data) throw new Error(`list ${name} not created`);
    lists.push(data.id);
  }
  const [news = "", offers = ""] = lists;
  const { data: contact } = await api.POST("/v1/contacts", {
    body: { email: `${run}-${Date.now()}@example.com`, attributes: language ? { language } : {} },
  });
  if (!contact) throw new Error("contact not created");
  for (const id of lists) {
    const subscribed = await api.PUT("/v1/lists/{id}/contacts/{contactId}", {
      params: { path: { id, contactId: contact.id } },
      body: { consentText: "Yes, send me the newsletter." },
    });
    expect(subscribed.response.ok).toBe(true);
  }
  const { data: campaign } = await api.POST("/v1/campaigns", {
    body: { name: `Spring ${run}`, audience: { lists: [news] } },
  });
  if (!campaign) throw new Error("campaign not created");
  const db = createNodeDb(database);
  await db.update(campaigns).set({ status: "sending" }).where(eq(campaigns.id, campaign.id));
  const secret = (await readFile(join(local.dataDir(), "signing-secret"), "utf8")).trim();
  const token = await recipientToken(secret, { campaignId: campaign.id, contactId: contact.id }, new Date());
  const statuses = async () => {
    const rows = await db.select().from(listMemberships).where(eq(listMemberships.contactId, contact.id));
    return Object.fromEntries(rows.map((r) => [r.listId, r.status]));
  };
  const ledger = () => db.select().from(consentEvents).where(eq(consentEvents.contactId, contact.id));
  return { url: `${info.public}/u/${token}`, news, offers, campaignId: campaign.id, statuses, ledger };
}

describe("the unsubscribe page in a real browser", () => {
  it("in German from the contact's language field: leaves one list in the preference centre, then everything", async () => {
    const link = await campaignLink("de", "de-CH");
    // The browser asks for English: the contact's own language wins.
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await page.goto(link.url);
    expect(await page.getAttribute("html", "lang")).toBe("de");
    expect(await page.textContent("h1")).toBe("E-Mails von Demo Company abbestellen?");
    expect(await link.statuses()).toEqual({ [link.news]: "subscribed", [link.offers]: "subscribed" });

    const offers = page.locator(`input[name=list][value="${link.offers}"]`);
    expect(await offers.isChecked()).toBe(true);
    await offers.uncheck();
    await page.getByRole("button", { name: "Auswahl speichern" }).click();
    await expect.poll(() => page.textContent("[role=status]")).toBe("Ihre Auswahl ist gespeichert.");
    expect(await page.locator("input[disabled]").count()).toBe(1);
    expect(await page.locator(`input[name=list][value="${link.news}"]`).isChecked()).toBe(true);
    expect(await link.statuses()).toEqual({ [link.news]: "subscribed", [link.offers]: "unsubscribed" });

    await page.getByRole("button", { name: "Abbestellen" }).click();
    await expect.poll(() => page.textContent("h1")).toBe("Sie sind abgemeldet");
    expect(await page.textContent("p")).toBe("Sie erhalten diese E-Mails von Demo Company nicht mehr.");
    expect(await link.statuses()).toEqual({ [link.news]: "unsubscribed", [link.offers]: "unsubscribed" });
    const ledger = (await link.ledger()).filter((entry) => entry.action === "unsubscribed");
    expect(ledger).toHaveLength(2);
    expect(ledger.every((entry) => entry.source === "campaign" && entry.sourceRef === link.campaignId)).toBe(
      true,
    );
    await context.close();
  });

  it("in French from the browser's Accept-Language: the confirm button unsubscribes from the campaign's list", async () => {
    const link = await campaignLink("fr");
    const context = await browser.newContext({ locale: "fr-FR" });
    const page = await context.newPage();
    await page.goto(link.url);
    expect(await page.getAttribute("html", "lang")).toBe("fr");
    expect(await page.textContent("h1")).toBe("Vous désabonner des e-mails de Demo Company\u00a0?");
    expect(await page.getByRole("button", { name: "Enregistrer mes choix" }).isVisible()).toBe(true);

    await page.getByRole("button", { name: "Me désabonner" }).click();
    await expect.poll(() => page.textContent("h1")).toBe("Votre désabonnement est confirmé");
    expect(await link.statuses()).toEqual({ [link.news]: "unsubscribed", [link.offers]: "subscribed" });

    // Back on the page, the list left can no longer be ticked there: joining again takes a form.
    await page.goto(link.url);
    const news = page.locator("label", { hasText: "News fr" });
    expect(await news.locator("input").isDisabled()).toBe(true);
    expect(await news.textContent()).toContain("Vous ne recevez pas cette liste.");
    await context.close();
  });
});
