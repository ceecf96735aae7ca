import { z } from "zod";

/**
 * One thing an email provider reports about a message we sent through it, normalised across
 * providers. Per recipient: a message to three addresses that all bounce is three events.
 */
export type ProviderEvent = {
  provider: "ses" | "postmark" | "resend";
  /** The id the provider returned when we sent (SES MessageId, Postmark MessageID, Resend email id). */
  providerMessageId: string;
  type: "delivered" | "bounced" | "soft_bounced" | "complained";
  /** Lower-cased address. */
  recipient: string;
  occurredAt: Date;
  /** Stable per event and recipient, so a webhook delivered twice is recorded once. */
  providerEventId: string;
  /** Short human reason (bounce type, diagnostic code), never a secret. */
  detail: string;
};

/**
 * What an authentic webhook asks of us: record these events (none for the kinds we do not
 * track, e.g. opens), or confirm an SNS subscription by a GET of `subscribeUrl`.
 */
export type VerifiedWebhook =
  | { kind: "events"; events: ProviderEvent[] }
  | { kind: "subscription"; subscribeUrl: string };

/** The request (headers and raw body, exactly as received) a verifier checks. */
export type WebhookRequest = { headers: Headers; body: string };

/**
 * Thrown when a webhook is not authentic (missing or wrong credentials or signature, stale
 * timestamp, untrusted certificate URL) or its payload is malformed: answer 4xx and record
 * nothing. `reason` is short and safe to log; it never echoes the payload.
 */
export class WebhookRejected extends Error {
  override readonly name = "WebhookRejected";
  constructor(readonly reason: string) {
    super(`Webhook rejected: ${reason}`);
  }
}

/** An email address as providers report it, lower-cased. */
export const recipientAddress = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[^\s@]+@[^\s@]+$/);

/** An ISO 8601 date-time (any number of fractional digits, Z or an offset), as a Date. */
export const isoDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/)
  .transform((value) => new Date(value))
  .refine((date) => !Number.isNaN(date.getTime()));

/** Parses a JSON text against `schema`; names the first offending field, never its value. */
export function parseJson<T extends z.ZodType>(schema: T, text: string, what: string): z.output<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new WebhookRejected(`${what} is not JSON`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    const path = result.error.issues[0]?.path.join(".") ?? "";
    throw new WebhookRejected(`malformed ${what}${path === "" ? "" : ` (${path})`}`);
  }
  return result.data;
}

/** One line of at most 300 characters: diagnostic codes span lines and can be long. */
export function shortDetail(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= 300 ? line : `${line.slice(0, 299)}…`;
}

/** Standard base64 to bytes; `undefined` when it is not base64. */
export function base64Bytes(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
