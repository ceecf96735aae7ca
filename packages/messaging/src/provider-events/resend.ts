import { z } from "zod";
import {
  base64Bytes,
  isoDateTime,
  type ProviderEvent,
  parseJson,
  recipientAddress,
  shortDetail,
  type VerifiedWebhook,
  WebhookRejected,
  type WebhookRequest,
} from "./provider-event";

export type ResendWebhookOptions = {
  /** The endpoint's signing secret, `whsec_<base64>`. */
  secret: string;
  /** The clock the timestamp is checked against; `new Date()` by default. */
  now?: () => Date;
};

/** How far `svix-timestamp` may be from now, either way: replays of captured deliveries expire. */
const TOLERANCE_SECONDS = 5 * 60;

const payloadSchema = z.object({
  type: z.string().min(1),
  created_at: isoDateTime,
  data: z.unknown(),
});

/** What each tracked event type records; a bounce is soft when its `bounce.type` says so. */
const TRACKED = new Map<string, ProviderEvent["type"]>([
  ["email.delivered", "delivered"],
  ["email.bounced", "bounced"],
  ["email.complained", "complained"],
  ["email.delivery_delayed", "soft_bounced"],
]);

const emailSchema = z.object({
  email_id: z.string().min(1),
  /** Plain addresses; a `Name <address>` form is tolerated. */
  to: z
    .array(
      z
        .string()
        .transform((to) => /<([^<>]+)>\s*$/.exec(to)?.[1] ?? to)
        .pipe(recipientAddress),
    )
    .min(1),
  bounce: z
    .object({
      type: z.string().nullish(),
      subType: z.string().nullish(),
      message: z.string().nullish(),
    })
    .nullish(),
});

/**
 * Verifies a Resend webhook (signed by Svix: HMAC-SHA256 with the secret over
 * `${svix-id}.${svix-timestamp}.${body}`, any `v1,<base64>` of the space-separated
 * `svix-signature` list matching, the timestamp within 5 minutes of `now()`), and reads its event:
 * email.delivered → delivered, email.bounced → bounced (soft_bounced when `bounce.type` is
 * Transient or Undetermined), email.complained → complained, email.delivery_delayed →
 * soft_bounced, one per `data.to` address; others (sent, opened, clicked …) → none.
 * Throws {@link WebhookRejected}.
 */
export async function verifyResendWebhook(
  request: WebhookRequest,
  options: ResendWebhookOptions,
): Promise<VerifiedWebhook> {
  const key = await signingKey(options.secret);
  const id = request.headers.get("svix-id");
  const timestamp = request.headers.get("svix-timestamp");
  const signatures = request.headers.get("svix-signature");
  if (!id || !timestamp || !signatures) throw new WebhookRejected("missing svix headers");
  if (!/^\d{1,15}$/.test(timestamp)) throw new WebhookRejected("malformed svix-timestamp");
  const now = (options.now ?? (() => new Date()))().getTime() / 1000;
  if (Math.abs(now - Number(timestamp)) > TOLERANCE_SECONDS) {
    throw new WebhookRejected("svix-timestamp too far from now");
  }
  const signed = new TextEncoder().encode(`${id}.${timestamp}.${request.body}`);
  let verified = false;
  for (const entry of signatures.split(" ")) {
    const [version, encoded] = entry.split(",", 2);
    const signature = version === "v1" && encoded !== undefined ? base64Bytes(encoded) : undefined;
    // WebCrypto's HMAC verify compares in constant time.
    if (signature !== undefined && (await crypto.subtle.verify("HMAC", key, signature, signed))) {
      verified = true;
      break;
    }
  }
  if (!verified) throw new WebhookRejected("signature mismatch");

  const payload = parseJson(payloadSchema, request.body, "Resend event");
  const tracked = TRACKED.get(payload.type);
  if (tracked === undefined) return { kind: "events", events: [] };
  const parsed = emailSchema.safeParse(payload.data);
  if (!parsed.success) throw new WebhookRejected("malformed Resend event (data)");
  const email = parsed.data;
  const bounceType = email.bounce?.type;
  const type =
    tracked === "bounced" && (bounceType === "Transient" || bounceType === "Undetermined")
      ? "soft_bounced"
      : tracked;
  const detail =
    payload.type === "email.bounced"
      ? [bounceType, email.bounce?.subType].filter(Boolean).join("/") +
        (email.bounce?.message ? `: ${email.bounce.message}` : "")
      : payload.type.slice("email.".length).replace("_", " ");
  return {
    kind: "events",
    events: email.to.map(
      (recipient): ProviderEvent => ({
        provider: "resend",
        providerMessageId: email.email_id,
        type,
        recipient,
        occurredAt: payload.created_at,
        providerEventId: `${id}:${recipient}`,
        detail: shortDetail(detail || "bounced"),
      }),
    ),
  };
}

/** The HMAC key of a `whsec_<base64>` secret (the prefix is optional, as in Svix's libraries). */
async function signingKey(secret: string) {
  const bytes = base64Bytes(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret);
  if (bytes === undefined || bytes.length === 0) {
    throw new Error("Resend webhook: the secret must be whsec_ followed by base64");
  }
  return crypto.subtle.importKey("raw", bytes, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
}
