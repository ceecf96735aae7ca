import { campaignView, createCtx, readRecipientToken, renderCampaignEmail } from "@edgepost/core";
import { notFound } from "@edgepost/http";
import type { PublicApp } from "../../app-type";
import { NO_STORE } from "./event";

/**
 * The customer's HTML is shown on our origin: no script of it runs, nothing of ours can be read
 * from it, its links still open; images, styles and fonts load from anywhere.
 */
const CONTENT_POLICY = [
  "sandbox allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation",
  "default-src 'none'",
  "img-src * data:",
  "style-src * 'unsafe-inline'",
  "font-src * data:",
].join("; ");

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** `GET /v/{token}`: the campaign message as this contact got it, without the open pixel. */
export function registerViewInBrowser(app: PublicApp) {
  app.get("/v/:token", async (c) => {
    const token = c.req.param("token");
    const recipient = await readRecipientToken(c.env.SIGNING_SECRET, token, new Date());
    if (!recipient) return notFound(c);
    const view = await campaignView(createCtx(c.env), recipient);
    if (!view) return notFound(c);
    const rendered = renderCampaignEmail({
      ...view,
      token,
      publicUrl: new URL(c.req.url).origin,
      inBrowser: true,
    });
    const html =
      rendered.html ??
      `<!doctype html><meta charset="utf-8"><title>${escapeHtml(rendered.subject)}</title><pre style="white-space:pre-wrap">${escapeHtml(rendered.text)}</pre>`;
    return c.html(html, 200, {
      ...NO_STORE,
      "Content-Security-Policy": CONTENT_POLICY,
      "X-Robots-Tag": "noindex",
      "Referrer-Policy": "no-referrer",
    });
  });
}
