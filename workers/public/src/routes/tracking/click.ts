import { createCtx, isMachineClick, readRecipientToken, trackedLinkUrl } from "@edgepost/core";
import { notFound } from "@edgepost/http";
import type { PublicApp } from "../../app-type";
import { NO_STORE, queueEvent } from "./event";

const INDEX = /^\d{1,5}$/;

/**
 * `GET /c/{token}/{link}` (and HEAD, which Hono routes here too): the click redirect. It leads only
 * to the campaign's own link of that index, read from the database; a HEAD request is a scanner's.
 */
export function registerClickRedirect(app: PublicApp) {
  app.get("/c/:token/:link", async (c) => {
    const recipient = await readRecipientToken(c.env.SIGNING_SECRET, c.req.param("token"), new Date());
    const index = c.req.param("link");
    if (!recipient || !INDEX.test(index)) return notFound(c);
    const link = Number(index);
    const url = await trackedLinkUrl(createCtx(c.env), { campaignId: recipient.campaignId, link });
    if (!url) return notFound(c);
    const machine = isMachineClick(c.req.raw.method, c.req.header("user-agent"));
    queueEvent(c, recipient, { type: "clicked", link, machine });
    return c.body(null, 302, { ...NO_STORE, Location: url, "Referrer-Policy": "no-referrer" });
  });
}
