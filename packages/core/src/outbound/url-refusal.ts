import { connectionRefusal, type Outbound } from "./connection-refusal";
import { allowedByConfig, hostRefusal, type OutboundPolicy } from "./outbound-policy";

const portOf = (url: URL) => (url.port !== "" ? Number(url.port) : url.protocol === "http:" ? 80 : 443);

/**
 * Why the platform must not send requests to this URL (a webhook endpoint, later a callback),
 * judged without DNS: not an absolute URL, credentials in it, not `https://` (plain `http://` only
 * to a host the operator's configuration allows), or a host {@link hostRefusal} refuses.
 */
export function urlRefusal(policy: OutboundPolicy, text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "must be an absolute https:// URL";
  }
  if (url.username !== "" || url.password !== "") return "must not carry a user name or password";
  const port = portOf(url);
  const plainAllowed = url.protocol === "http:" && allowedByConfig(policy, url.hostname, port);
  if (url.protocol !== "https:" && !plainAllowed) return "must be an https:// URL";
  return hostRefusal(policy, url.hostname, port);
}

/** {@link urlRefusal}, then the addresses the host resolves to now (see {@link connectionRefusal}). */
export async function urlConnectionRefusal(outbound: Outbound, text: string): Promise<string | null> {
  const refused = urlRefusal(outbound.policy, text);
  if (refused) return refused;
  const url = new URL(text);
  return connectionRefusal(outbound, url.hostname, portOf(url));
}
