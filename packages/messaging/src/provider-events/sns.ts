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

export type SnsWebhookOptions = {
  /**
   * The PEM text at a `SigningCertURL` that passed the checks (https, `sns.<region>.amazonaws.com`,
   * `.pem`). The caller fetches and caches it; its errors propagate unchanged (answer 5xx so SNS
   * retries), they are not a rejection.
   */
  fetchCertificate: (url: string) => Promise<string>;
  /**
   * The topics we subscribed. Strongly advised: SNS signs the messages of every AWS account's
   * topics, so without it anyone with an AWS account can send us authentic-looking notifications.
   */
  topicArns?: readonly string[];
};

const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

const envelopeSchema = z.object({
  Type: z.enum(["Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"]),
  MessageId: z.string().min(1),
  TopicArn: z.string().min(1),
  Subject: z.string().nullish(),
  Message: z.string(),
  Timestamp: z.string().min(1),
  SignatureVersion: z.enum(["1", "2"]),
  Signature: z.string().min(1),
  SigningCertURL: z.string(),
  SubscribeURL: z.string().optional(),
  Token: z.string().optional(),
});

type Envelope = z.output<typeof envelopeSchema>;

/**
 * Verifies an Amazon SNS HTTP(S) delivery (signature versions 1, SHA1withRSA, and 2,
 * SHA256withRSA, with the certificate at a checked `SigningCertURL`) and reads the SES
 * notification it carries, in either format (`notificationType` or event publishing's
 * `eventType`): Bounce, Complaint and Delivery become events; other SES events, and messages that
 * are not SES notifications (SES's set-up notices), none. A SubscriptionConfirmation yields the
 * URL to confirm; an UnsubscribeConfirmation, no events. Throws {@link WebhookRejected}.
 */
export async function verifySnsWebhook(
  request: WebhookRequest,
  options: SnsWebhookOptions,
): Promise<VerifiedWebhook> {
  const envelope = parseJson(envelopeSchema, request.body, "SNS message");
  const certUrl = snsUrl(envelope.SigningCertURL);
  if (certUrl === undefined || !certUrl.pathname.endsWith(".pem")) {
    throw new WebhookRejected("untrusted SigningCertURL");
  }
  if (options.topicArns !== undefined && !options.topicArns.includes(envelope.TopicArn)) {
    throw new WebhookRejected("unexpected TopicArn");
  }
  const signature = base64Bytes(envelope.Signature);
  if (signature === undefined) throw new WebhookRejected("malformed signature");
  const hash = envelope.SignatureVersion === "1" ? "SHA-1" : "SHA-256";
  const key = await importCertificateKey(await options.fetchCertificate(certUrl.href), hash);
  const signed = new TextEncoder().encode(stringToSign(envelope));
  if (!(await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, signature, signed))) {
    throw new WebhookRejected("signature mismatch");
  }

  if (envelope.Type === "SubscriptionConfirmation") {
    const subscribeUrl = snsUrl(envelope.SubscribeURL ?? "");
    if (subscribeUrl === undefined) throw new WebhookRejected("untrusted SubscribeURL");
    return { kind: "subscription", subscribeUrl: subscribeUrl.href };
  }
  if (envelope.Type === "UnsubscribeConfirmation") return { kind: "events", events: [] };
  return { kind: "events", events: sesEvents(envelope) };
}

/** An https URL on an SNS endpoint host (no credentials, default port); `undefined` otherwise. */
function snsUrl(text: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const plain = url.protocol === "https:" && url.port === "" && url.username === "" && url.password === "";
  return plain && SNS_HOST.test(url.hostname) ? url : undefined;
}

/** AWS's string to sign: `Name\nvalue\n` for each signed field, in this order. */
function stringToSign(envelope: Envelope): string {
  const fields: [string, string | null | undefined][] =
    envelope.Type === "Notification"
      ? [
          ["Message", envelope.Message],
          ["MessageId", envelope.MessageId],
          ["Subject", envelope.Subject],
          ["Timestamp", envelope.Timestamp],
          ["TopicArn", envelope.TopicArn],
          ["Type", envelope.Type],
        ]
      : [
          ["Message", envelope.Message],
          ["MessageId", envelope.MessageId],
          ["SubscribeURL", envelope.SubscribeURL ?? fail("SubscribeURL")],
          ["Timestamp", envelope.Timestamp],
          ["Token", envelope.Token ?? fail("Token")],
          ["TopicArn", envelope.TopicArn],
          ["Type", envelope.Type],
        ];
  // Subject, the one optional field, is signed only when present.
  return fields.map(([name, value]) => (value == null ? "" : `${name}\n${value}\n`)).join("");
}

function fail(field: string): never {
  throw new WebhookRejected(`malformed SNS message (${field})`);
}

// ---- The public key of an X.509 certificate, with a minimal DER walker ----

type Tlv = { tag: number; start: number; contentStart: number; end: number };

/** The DER element at `start`, which must end by `limit`. */
function readTlv(der: Uint8Array, start: number, limit: number): Tlv {
  const byte = (index: number): number => {
    if (index >= limit) throw new WebhookRejected("malformed signing certificate");
    return der[index] ?? 0;
  };
  const tag = byte(start);
  let length = byte(start + 1);
  let contentStart = start + 2;
  if (length >= 0x80) {
    const count = length - 0x80;
    // No indefinite lengths (0x80) in DER; a certificate is far below 2^32 bytes.
    if (count === 0 || count > 4) throw new WebhookRejected("malformed signing certificate");
    length = 0;
    for (let index = 0; index < count; index++) length = length * 256 + byte(contentStart + index);
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw new WebhookRejected("malformed signing certificate");
  return { tag, start, contentStart, end };
}

const SEQUENCE = 0x30;
const VERSION = 0xa0; // [0] EXPLICIT, absent from v1 certificates

/**
 * Certificate ::= SEQUENCE { tbsCertificate, … }; TBSCertificate ::= SEQUENCE { [0] version
 * OPTIONAL, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, … }.
 */
function subjectPublicKeyInfo(der: Uint8Array): Uint8Array {
  const certificate = readTlv(der, 0, der.length);
  const tbs = readTlv(der, certificate.contentStart, certificate.end);
  if (certificate.tag !== SEQUENCE || tbs.tag !== SEQUENCE) {
    throw new WebhookRejected("malformed signing certificate");
  }
  let field = readTlv(der, tbs.contentStart, tbs.end);
  if (field.tag === VERSION) field = readTlv(der, field.end, tbs.end);
  for (let skip = 0; skip < 5; skip++) field = readTlv(der, field.end, tbs.end);
  if (field.tag !== SEQUENCE) throw new WebhookRejected("malformed signing certificate");
  return der.slice(field.start, field.end);
}

async function importCertificateKey(pem: string, hash: "SHA-1" | "SHA-256") {
  const body = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/.exec(pem)?.[1];
  const der = base64Bytes((body ?? "").replace(/\s+/g, ""));
  if (der === undefined || der.length === 0) throw new WebhookRejected("malformed signing certificate");
  try {
    return await crypto.subtle.importKey(
      "spki",
      subjectPublicKeyInfo(der),
      { name: "RSASSA-PKCS1-v1_5", hash },
      false,
      ["verify"],
    );
  } catch (error) {
    if (error instanceof WebhookRejected) throw error;
    throw new WebhookRejected("signing certificate has no RSA public key");
  }
}

// ---- SES notifications ----

const mailSchema = z.object({ messageId: z.string().min(1) });

const bounceSchema = z.object({
  mail: mailSchema,
  bounce: z.object({
    bounceType: z.enum(["Permanent", "Transient", "Undetermined"]),
    bounceSubType: z.string().optional(),
    bouncedRecipients: z
      .array(z.object({ emailAddress: recipientAddress, diagnosticCode: z.string().optional() }))
      .min(1),
    timestamp: isoDateTime,
  }),
});

const complaintSchema = z.object({
  mail: mailSchema,
  complaint: z.object({
    complainedRecipients: z.array(z.object({ emailAddress: recipientAddress })).min(1),
    complaintFeedbackType: z.string().optional(),
    timestamp: isoDateTime,
  }),
});

const deliverySchema = z.object({
  mail: mailSchema,
  delivery: z.object({
    recipients: z.array(recipientAddress).min(1),
    smtpResponse: z.string().optional(),
    timestamp: isoDateTime,
  }),
});

/** The kind of SES notification in `Message`, or `undefined` when it is not one. */
function sesKind(message: string): string | undefined {
  try {
    const value: unknown = JSON.parse(message);
    if (typeof value !== "object" || value === null) return undefined;
    const { notificationType, eventType } = value as Record<string, unknown>;
    const kind = notificationType ?? eventType;
    return typeof kind === "string" ? kind : undefined;
  } catch {
    return undefined;
  }
}

function sesEvents(envelope: Envelope): ProviderEvent[] {
  const event = (
    messageId: string,
    type: ProviderEvent["type"],
    recipient: string,
    occurredAt: Date,
    detail: string,
  ): ProviderEvent => ({
    provider: "ses",
    providerMessageId: messageId,
    type,
    recipient,
    occurredAt,
    providerEventId: `${envelope.MessageId}:${recipient}`,
    detail: shortDetail(detail),
  });

  switch (sesKind(envelope.Message)) {
    case "Bounce": {
      const { mail, bounce } = parseJson(bounceSchema, envelope.Message, "SES bounce");
      const type = bounce.bounceType === "Permanent" ? "bounced" : "soft_bounced";
      const kind = `${bounce.bounceType}${bounce.bounceSubType ? `/${bounce.bounceSubType}` : ""}`;
      return bounce.bouncedRecipients.map((recipient) =>
        event(
          mail.messageId,
          type,
          recipient.emailAddress,
          bounce.timestamp,
          recipient.diagnosticCode ? `${kind}: ${recipient.diagnosticCode}` : kind,
        ),
      );
    }
    case "Complaint": {
      const { mail, complaint } = parseJson(complaintSchema, envelope.Message, "SES complaint");
      const detail = `complaint${complaint.complaintFeedbackType ? `: ${complaint.complaintFeedbackType}` : ""}`;
      return complaint.complainedRecipients.map((recipient) =>
        event(mail.messageId, "complained", recipient.emailAddress, complaint.timestamp, detail),
      );
    }
    case "Delivery": {
      const { mail, delivery } = parseJson(deliverySchema, envelope.Message, "SES delivery");
      return delivery.recipients.map((recipient) =>
        event(
          mail.messageId,
          "delivered",
          recipient,
          delivery.timestamp,
          delivery.smtpResponse ?? "delivered",
        ),
      );
    }
    default:
      return [];
  }
}
