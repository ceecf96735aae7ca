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

/** The HTTP Basic credentials written into the webhook URL given to Postmark (`https://user:pass@…`). */
export type PostmarkWebhookOptions = { username: string; password: string };

/** Bounce types that say the address will never accept mail. */
const HARD_BOUNCES = new Set(["HardBounce", "BadEmailAddress", "ManuallyDeactivated"]);

/** Bounce-webhook records that are not failed deliveries (replies, requests, tests, inbound). */
const NOT_BOUNCES = new Set([
  "Unsubscribe",
  "Subscribe",
  "AutoResponder",
  "AddressChange",
  "OpenRelayTest",
  "ChallengeVerification",
  "InboundError",
]);

const recordSchema = z.object({ RecordType: z.string() });

const bounceSchema = z.object({
  /** 64-bit: ids past 2^53 lose their last digits in JSON.parse, unique enough within one message. */
  ID: z.union([z.number().nonnegative(), z.string().min(1)]),
  Type: z.string().min(1),
  MessageID: z.string().min(1),
  Email: recipientAddress,
  BouncedAt: isoDateTime,
  Details: z.string().nullish(),
});

const deliverySchema = z.object({
  MessageID: z.string().min(1),
  Recipient: recipientAddress,
  DeliveredAt: isoDateTime,
  Details: z.string().nullish(),
});

/**
 * Authenticates a Postmark webhook (Postmark does not sign: it sends the HTTP Basic credentials
 * of the URL, compared here in constant time) and reads its record: Bounce (hard types →
 * bounced, SpamComplaint → complained, replies and requests such as AutoResponder → none, the
 * rest → soft_bounced), SpamComplaint → complained, Delivery → delivered; others (Open, Click,
 * SubscriptionChange) → none. Throws {@link WebhookRejected}.
 */
export async function verifyPostmarkWebhook(
  request: WebhookRequest,
  options: PostmarkWebhookOptions,
): Promise<VerifiedWebhook> {
  if (options.username === "" || options.password === "") {
    throw new Error("Postmark webhook: username and password must not be empty");
  }
  const authorization = request.headers.get("authorization");
  if (authorization === null) throw new WebhookRejected("missing credentials");
  const encoded = /^Basic +([A-Za-z0-9+/=]+) *$/i.exec(authorization)?.[1];
  const given = encoded === undefined ? undefined : base64Bytes(encoded);
  if (given === undefined) throw new WebhookRejected("malformed credentials");
  const expected = new TextEncoder().encode(`${options.username}:${options.password}`);
  if (!constantTimeEqual(given, expected)) throw new WebhookRejected("wrong credentials");

  const { RecordType } = parseJson(recordSchema, request.body, "Postmark record");
  switch (RecordType) {
    case "Bounce":
    case "SpamComplaint": {
      const bounce = parseJson(bounceSchema, request.body, "Postmark bounce");
      const type: ProviderEvent["type"] | undefined =
        RecordType === "SpamComplaint" || bounce.Type === "SpamComplaint"
          ? "complained"
          : HARD_BOUNCES.has(bounce.Type)
            ? "bounced"
            : NOT_BOUNCES.has(bounce.Type)
              ? undefined
              : "soft_bounced";
      if (type === undefined) return { kind: "events", events: [] };
      const detail = bounce.Details ? `${bounce.Type}: ${bounce.Details}` : bounce.Type;
      return {
        kind: "events",
        events: [
          {
            provider: "postmark",
            providerMessageId: bounce.MessageID,
            type,
            recipient: bounce.Email,
            occurredAt: bounce.BouncedAt,
            providerEventId: `bounce:${bounce.ID}`,
            detail: shortDetail(detail),
          },
        ],
      };
    }
    case "Delivery": {
      const delivery = parseJson(deliverySchema, request.body, "Postmark delivery");
      return {
        kind: "events",
        events: [
          {
            provider: "postmark",
            providerMessageId: delivery.MessageID,
            type: "delivered",
            recipient: delivery.Recipient,
            occurredAt: delivery.DeliveredAt,
            // Postmark gives deliveries no id: one per message and recipient.
            providerEventId: `delivery:${delivery.MessageID}:${delivery.Recipient}`,
            detail: shortDetail(delivery.Details || "delivered"),
          },
        ],
      };
    }
    default:
      return { kind: "events", events: [] };
  }
}

/** Compares every byte whatever the lengths, so the time taken tells nothing of the secret. */
function constantTimeEqual(given: Uint8Array, expected: Uint8Array): boolean {
  let difference = given.length ^ expected.length;
  for (let index = 0; index < expected.length; index++) {
    difference |= (given[index % Math.max(given.length, 1)] ?? 0) ^ (expected[index] ?? 0);
  }
  return difference === 0;
}
