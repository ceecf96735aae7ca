import {
  createCtx,
  findLinkRecipient,
  type LinkRecipient,
  listPreferences,
  savePreferences,
  unsubscribeRecipient,
} from "@edgepost/core";
import { invalidInput } from "@edgepost/http";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { z } from "zod";
import type { PublicApp } from "../app-type";
import type { Env } from "../env";
import { pickLocale } from "../i18n";
import { unsubscribedPage, unsubscribePage } from "./unsubscribe/pages";

/** The token in the URL is the credential: it must not leak, be framed, cached or indexed. */
const HEADERS = {
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cache-control": "no-store",
  "x-content-type-options": "nosniff",
  "x-robots-tag": "noindex",
};

const ids = z.preprocess(
  (value) => (value === undefined ? [] : [value].flat()),
  z.array(z.string()).max(1000),
);

/** What a POST may carry: RFC 8058's one-click body (first: it wins), or one of the page's two forms. */
const postedForm = z.union([
  z.object({ "List-Unsubscribe": z.literal("One-Click") }),
  z.object({ action: z.literal("unsubscribe") }),
  z.object({ action: z.literal("preferences"), list: ids, shown: ids }),
]);

/** The recipient the URL's token names, or undefined (tampered token, campaign gone, contact erased). */
async function recipientOf(env: Env, execution: ExecutionContext, token: string) {
  const ctx = createCtx(env, execution);
  return { ctx, recipient: await findLinkRecipient({ ctx, input: { secret: env.SIGNING_SECRET, token } }) };
}

const localeOf = (c: Context, recipient: LinkRecipient) =>
  pickLocale(recipient.language, c.req.header("accept-language"));

/** A form body (urlencoded or multipart, as mail providers send it); anything else reads as empty. */
async function formOf(c: Context) {
  try {
    return await c.req.parseBody({ all: true });
  } catch {
    return {};
  }
}

/** RFC 8058 one-click unsubscribe, the confirmation page and the preference centre, at `/u/{token}`. */
export function registerUnsubscribeRoutes(app: PublicApp) {
  app.use("/u/:token", async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(HEADERS)) c.res.headers.set(name, value);
  });

  // Never changes anything: link scanners and previews follow GETs.
  app.get("/u/:token", async (c) => {
    const { ctx, recipient } = await recipientOf(c.env, c.executionCtx, c.req.param("token"));
    if (!recipient) return c.notFound();
    const lists = await listPreferences({ ctx, input: { recipient } });
    return c.html(unsubscribePage({ locale: localeOf(c, recipient), recipient, lists }));
  });

  // No cookie, login or CSRF token (RFC 8058 §3.2): the signed token in the URL is the credential.
  app.post("/u/:token", bodyLimit({ maxSize: 64 * 1024 }), async (c) => {
    const { ctx, recipient } = await recipientOf(c.env, c.executionCtx, c.req.param("token"));
    if (!recipient) return c.notFound();
    const form = postedForm.safeParse(await formOf(c));
    if (!form.success) return invalidInput(c, form.error);
    const origin = { ip: c.req.header("cf-connecting-ip"), userAgent: c.req.header("user-agent") };
    if ("List-Unsubscribe" in form.data) {
      await unsubscribeRecipient({ ctx, input: { recipient, ...origin } });
      return c.text("Unsubscribed.\n");
    }
    const locale = localeOf(c, recipient);
    if (form.data.action === "unsubscribe") {
      await unsubscribeRecipient({ ctx, input: { recipient, ...origin } });
      return c.html(unsubscribedPage({ locale, recipient }));
    }
    const { list, shown } = form.data;
    await savePreferences({ ctx, input: { recipient, shown, kept: list, ...origin } });
    const lists = await listPreferences({ ctx, input: { recipient } });
    return c.html(unsubscribePage({ locale, recipient, lists, saved: true }));
  });
}
