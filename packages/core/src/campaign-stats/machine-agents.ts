/**
 * Which opens and clicks are a machine's, not a person's (SPEC §G): told apart by what the request
 * says of itself here, and by how soon after sending it came in the event writer (which knows when
 * the message was sent).
 *
 * Opens. Apple Mail Privacy Protection fetches every remote image through Apple's proxies as soon
 * as the Mail app downloads the message, whether or not it is read, with the bare user agent
 * `Mozilla/5.0`; security gateways that open messages on delivery name themselves. Gmail's
 * (`GoogleImageProxy`) and Yahoo's (`YahooMailProxy`) image proxies fetch when the message is
 * displayed, so they stand for a person; when they fetch right after delivery, the time rule catches it.
 *
 * Clicks. Link scanners follow every link of a message on delivery: mail security gateways,
 * Microsoft's Safe Links and preview fetchers, and plain HTTP libraries. A HEAD request is never a
 * person following a link.
 */

/** An event this soon after the message was sent is a prefetch or a scan, whoever it claims to be. */
export const PREFETCH_WINDOW_MS = { opened: 10_000, clicked: 10_000 } as const;

/** Security gateways, link scanners and previewers, and HTTP libraries, as they name themselves. */
const SCANNERS =
  /barracuda|proofpoint|mimecast|bingpreview|safelinks|microsoft office existence discovery|skypeuripreview|symantec|messagelabs|trendmicro|fortiguard|forcepoint|sophos|cisco|ironport|zscaler|checkpoint|avanan|abnormal|paloalto|\bbot\b|\w*bot\/|crawler|spider|scanner|headlesschrome|phantomjs|curl\/|wget\/|python-requests|python-urllib|aiohttp|go-http-client|java\/|okhttp|apache-httpclient|libwww-perl|node-fetch|axios\/|undici/i;

/** Apple's privacy proxy sends this and nothing more. */
const APPLE_PRIVACY_PROXY = "Mozilla/5.0";

/** An open of the pixel by a proxy that prefetches or a gateway that scans, by its user agent. */
export function isMachineOpen(userAgent: string | undefined): boolean {
  const agent = userAgent?.trim() ?? "";
  return agent === "" || agent === APPLE_PRIVACY_PROXY || SCANNERS.test(agent);
}

/** A click by a link scanner: a HEAD request, no user agent, or a scanner's or library's. */
export function isMachineClick(method: string, userAgent: string | undefined): boolean {
  const agent = userAgent?.trim() ?? "";
  return method.toUpperCase() === "HEAD" || agent === "" || SCANNERS.test(agent);
}
