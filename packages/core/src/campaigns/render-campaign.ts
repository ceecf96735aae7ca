import { compileTemplate } from "../templates/engine";
import { htmlToText } from "../transactional-emails/html-to-text";

/** What rendering a campaign's message needs of the campaign: its content, as it was when it started. */
export interface CampaignContent {
  id: string;
  name: string;
  subject: string | null;
  preheader: string | null;
  html: string | null;
  text: string | null;
  trackOpens: boolean;
  trackClicks: boolean;
  /** The tracked links, as taken from the HTML when sending started. */
  links: readonly string[] | null;
}

/** The contact a message is rendered for. */
export interface CampaignContact {
  id: string;
  email: string | null;
  phone: string | null;
  attributes: Record<string, string | number | boolean | null>;
}

export interface RenderedCampaign {
  subject: string;
  html: string | undefined;
  text: string;
  /** `{public}/u/{token}`: the page and the RFC 8058 one-click target. */
  unsubscribeUrl: string;
}

/** The most links of one campaign that are tracked; a click names one by its index. */
const MAX_TRACKED_LINKS = 500;

const HREF = /(<a\b[^>]*?\bhref\s*=\s*)(["'])(.*?)\2/gi;

const decodeAttribute = (value: string) =>
  value
    .replace(/&amp;/gi, "&")
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'");

/**
 * The links of a campaign's HTML that clicks are counted on: absolute http(s) URLs with no merge
 * field in them (a personalised URL is left as it is), each once, in order of appearance.
 */
export function trackedLinks(html: string | null): string[] {
  const links: string[] = [];
  for (const match of (html ?? "").matchAll(HREF)) {
    const url = decodeAttribute(match[3] ?? "").trim();
    if (!/^https?:\/\//i.test(url) || url.includes("{{") || url.includes("{%")) continue;
    if (!links.includes(url)) links.push(url);
    if (links.length === MAX_TRACKED_LINKS) break;
  }
  return links;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The merge variables of one contact: its address, number and fields under `contact`, the links
 * every campaign message offers, and the campaign's name.
 */
function variablesOf(
  campaign: CampaignContent,
  contact: CampaignContact,
  urls: { unsubscribe: string; view: string },
) {
  return {
    contact: { ...contact.attributes, email: contact.email, phone: contact.phone },
    unsubscribe_url: urls.unsubscribe,
    view_in_browser_url: urls.view,
    campaign: { name: campaign.name },
  };
}

/**
 * Renders a campaign for one contact after another, the template parsed once: the subject and
 * parts with the contact's merge fields, the preheader hidden at the top of the HTML, tracked links
 * pointing at the click redirect, the open pixel at the end (when the campaign tracks them), and a
 * text part derived from the HTML when the campaign has none. `inBrowser`: the page shown by "view
 * in browser", without the pixel (it is not an open of the email).
 */
export function campaignRenderer(campaign: CampaignContent, publicUrl: string) {
  const render = compileTemplate({
    subject: campaign.subject ?? "",
    html: campaign.html,
    text: campaign.text,
  });
  const links = new Map((campaign.links ?? []).map((url, i) => [url, i]));
  const base = publicUrl.replace(/\/+$/, "");
  return (
    contact: CampaignContact,
    token: string,
    options: { inBrowser?: boolean } = {},
  ): RenderedCampaign => {
    const unsubscribeUrl = `${base}/u/${token}`;
    const rendered = render(
      variablesOf(campaign, contact, { unsubscribe: unsubscribeUrl, view: `${base}/v/${token}` }),
    );
    let html = rendered.html;
    const text = rendered.text ?? (html === undefined ? "" : htmlToText(html));
    if (html !== undefined) {
      if (campaign.trackClicks && links.size > 0) {
        html = html.replace(HREF, (whole, start: string, quote: string, value: string) => {
          const index = links.get(decodeAttribute(value).trim());
          return index === undefined ? whole : `${start}${quote}${base}/c/${token}/${index}${quote}`;
        });
      }
      if (campaign.preheader) {
        const hidden = `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all">${escapeHtml(campaign.preheader)}</div>`;
        html = /<body\b[^>]*>/i.test(html)
          ? html.replace(/<body\b[^>]*>/i, (tag) => `${tag}${hidden}`)
          : `${hidden}${html}`;
      }
      if (campaign.trackOpens && !options.inBrowser) {
        const pixel = `<img src="${base}/o/${token}" width="1" height="1" alt="" style="display:block;border:0">`;
        html = /<\/body\s*>/i.test(html)
          ? html.replace(/<\/body\s*>/i, (tag) => `${pixel}${tag}`)
          : `${html}${pixel}`;
      }
    }
    return { subject: rendered.subject, html, text, unsubscribeUrl };
  };
}

/** One campaign message for one contact (the "view in browser" page renders it this way). */
export function renderCampaignEmail(input: {
  campaign: CampaignContent;
  contact: CampaignContact;
  token: string;
  publicUrl: string;
  inBrowser?: boolean;
}): RenderedCampaign {
  return campaignRenderer(input.campaign, input.publicUrl)(input.contact, input.token, {
    inBrowser: input.inBrowser ?? false,
  });
}
