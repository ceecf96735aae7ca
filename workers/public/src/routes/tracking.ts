import type { PublicApp } from "../app-type";
import { registerClickRedirect } from "./tracking/click";
import { registerOpenPixel } from "./tracking/open";
import { registerViewInBrowser } from "./tracking/view";

/**
 * The signed links of campaign messages (SPEC §G): open pixel, click redirect and view in browser.
 * Each answers 404 to a token that is tampered, unsigned or expired, and never redirects anywhere a
 * request names. Opens and clicks are queued, to be written in batches by the delivery worker.
 */
export function registerTrackingRoutes(app: PublicApp) {
  registerOpenPixel(app);
  registerClickRedirect(app);
  registerViewInBrowser(app);
}
