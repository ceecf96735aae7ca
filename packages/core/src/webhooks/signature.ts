/** The Standard Webhooks headers (https://www.standardwebhooks.com) of one signed POST. */
export type WebhookHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

const encoder = new TextEncoder();

function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  let binary = "";
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The HMAC key a `whsec_…` secret stands for: its base64 part, decoded. */
function secretKey(secret: string, usage: "sign" | "verify"): Promise<CryptoKey> {
  const raw = Uint8Array.from(atob(secret.replace(/^whsec_/, "")), (c) => c.charCodeAt(0));
  return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, [usage]);
}

/**
 * Signs one webhook the Standard Webhooks way: `v1,` and the base64 HMAC-SHA256 of
 * `${id}.${timestamp}.${body}`, keyed with the decoded base64 part of the `whsec_…` secret.
 * `id` and `timestamp` (Unix seconds) must not contain a dot; the body is sent exactly as signed.
 */
export async function signWebhook(input: {
  secret: string;
  id: string;
  timestamp: number;
  body: string;
}): Promise<WebhookHeaders> {
  if (input.id.includes(".") || !Number.isInteger(input.timestamp)) {
    throw new Error("A webhook id has no dot and a timestamp is whole seconds.");
  }
  const key = await secretKey(input.secret, "sign");
  const mac = await crypto.subtle.sign(
    "HMAC",
    key,
    encoder.encode(`${input.id}.${input.timestamp}.${input.body}`),
  );
  return {
    "webhook-id": input.id,
    "webhook-timestamp": String(input.timestamp),
    "webhook-signature": `v1,${toBase64(mac)}`,
  };
}

/**
 * Checks an Edgepost webhook as it arrives: copy this function into your receiver (it needs only
 * WebCrypto, `atob` and `TextEncoder`: Node 20+, Deno, Bun, workers and browsers have them).
 * Pass the endpoint's `whsec_…` secret, the request's headers and its raw body, read as text
 * before any JSON parsing. It answers `false` when a header is missing, the timestamp is more
 * than `toleranceSeconds` away from now (a replay), or no `v1` signature matches. The comparison
 * is WebCrypto's HMAC verify, which does not leak timing. Use `webhook-id` to process each event
 * once: a retried webhook carries the same id.
 */
export async function verifyWebhookSignature(input: {
  secret: string;
  headers: Headers | Record<string, string | undefined>;
  body: string;
  toleranceSeconds?: number;
  now?: Date;
}): Promise<boolean> {
  const header = (name: string) =>
    input.headers instanceof Headers ? (input.headers.get(name) ?? undefined) : input.headers[name];
  const id = header("webhook-id");
  const timestamp = header("webhook-timestamp");
  const signatures = header("webhook-signature");
  if (!id || !timestamp || !signatures || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - Number(timestamp)) > (input.toleranceSeconds ?? 300)) return false;
  const decode = (base64: string) => {
    try {
      return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    } catch {
      return undefined;
    }
  };
  const raw = decode(input.secret.replace(/^whsec_/, ""));
  if (!raw || raw.length === 0) return false;
  const key = await crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  const signed = new TextEncoder().encode(`${id}.${timestamp}.${input.body}`);
  for (const entry of signatures.split(" ")) {
    const [version, value] = entry.split(",", 2);
    const mac = version === "v1" && value ? decode(value) : undefined;
    if (mac && (await crypto.subtle.verify("HMAC", key, mac, signed))) return true;
  }
  return false;
}

/**
 * An endpoint's signing secret: derived from the platform's signing key, never stored.
 * `whsec_` + base64(HMAC-SHA256(signingSecret, "webhook:<endpointId>:<secretVersion>")): 32 key
 * bytes per endpoint and version, so rotating (a new version) gives a new, unrelated secret.
 */
export async function webhookSecret(signingSecret: string, endpointId: string, secretVersion: number) {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(signingSecret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`webhook:${endpointId}:${secretVersion}`));
  return `whsec_${toBase64(mac)}`;
}
