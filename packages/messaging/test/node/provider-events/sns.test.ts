import { createSign } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { type ProviderEvent, verifySnsWebhook, WebhookRejected } from "../../../src/provider-events";

/** Test-only keys and self-signed certificates (openssl req -x509 -newkey rsa:2048). */
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
const KEY = fixture("sns-signing.key");
const CERT = fixture("sns-signing.pem");
const OTHER_KEY = fixture("other-signing.key");
const OTHER_CERT = fixture("other-signing.pem");

const CERT_URL =
  "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-9c6465fa7f48f5cacd23014631ec1136.pem";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:edgepost-ses-events";
const SNS_ID = "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324";

type Envelope = Record<string, string>;

/** The string to sign, written from AWS's documentation independently of the code under test. */
function stringToSign(envelope: Envelope): string {
  const fields =
    envelope.Type === "Notification"
      ? ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
      : ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"];
  return fields
    .filter((field) => envelope[field] !== undefined)
    .map((field) => `${field}\n${envelope[field]}\n`)
    .join("");
}

function signed(envelope: Envelope, version: "1" | "2" = "2", key = KEY): Envelope {
  const signer = createSign(version === "1" ? "RSA-SHA1" : "RSA-SHA256");
  signer.update(stringToSign(envelope), "utf8");
  return { ...envelope, SignatureVersion: version, Signature: signer.sign(key, "base64") };
}

function notification(message: unknown, extra: Envelope = {}): Envelope {
  return {
    Type: "Notification",
    MessageId: SNS_ID,
    TopicArn: TOPIC,
    Message: typeof message === "string" ? message : JSON.stringify(message),
    Timestamp: "2016-01-27T14:59:38.273Z",
    SigningCertURL: CERT_URL,
    UnsubscribeURL: `https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${TOPIC}:a1b2`,
    ...extra,
  };
}

const request = (envelope: Envelope) => ({
  headers: new Headers({
    "content-type": "text/plain; charset=UTF-8",
    "x-amz-sns-message-type": envelope.Type ?? "",
  }),
  body: JSON.stringify(envelope),
});

const certificates = (pem = CERT) => vi.fn(async (_url: string) => pem);

async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(WebhookRejected);
  return (error as WebhookRejected).reason;
}

const MAIL = {
  timestamp: "2016-01-27T14:59:38.237Z",
  source: "john@example.com",
  sourceArn: "arn:aws:ses:eu-west-1:888888888888:identity/example.com",
  sourceIp: "127.0.3.0",
  sendingAccountId: "123456789012",
  callerIdentity: "IAM_user_or_role_name",
  messageId: "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa0680-000000",
  destination: ["jane@example.com", "mary@example.com", "richard@example.com"],
};

/** The shape of AWS's "bounce notification with a DSN" example (SNS notification format). */
const BOUNCE = {
  notificationType: "Bounce",
  bounce: {
    bounceType: "Permanent",
    reportingMTA: "dns; email.example.com",
    bouncedRecipients: [
      {
        emailAddress: "Jane@Example.com",
        status: "5.1.1",
        action: "failed",
        diagnosticCode:
          "smtp; 550-5.1.1 The email account that you tried to reach does not exist.\n550 5.1.1 try again",
      },
      { emailAddress: "richard@example.com" },
    ],
    bounceSubType: "General",
    timestamp: "2016-01-27T14:59:38.237Z",
    feedbackId: "00000138111222aa-33322211-cccc-cccc-cccc-ddddaaaa068a-000000",
    remoteMtaIp: "127.0.2.0",
  },
  mail: MAIL,
};

const BOUNCE_EVENTS: ProviderEvent[] = [
  {
    provider: "ses",
    providerMessageId: MAIL.messageId,
    type: "bounced",
    recipient: "jane@example.com",
    occurredAt: new Date("2016-01-27T14:59:38.237Z"),
    providerEventId: `${SNS_ID}:jane@example.com`,
    detail:
      "Permanent/General: smtp; 550-5.1.1 The email account that you tried to reach does not exist. 550 5.1.1 try again",
  },
  {
    provider: "ses",
    providerMessageId: MAIL.messageId,
    type: "bounced",
    recipient: "richard@example.com",
    occurredAt: new Date("2016-01-27T14:59:38.237Z"),
    providerEventId: `${SNS_ID}:richard@example.com`,
    detail: "Permanent/General",
  },
];

describe("verifySnsWebhook", () => {
  it.each(["1", "2"] as const)(
    "verifies SignatureVersion %s and yields one event per bounced recipient",
    async (version) => {
      const fetchCertificate = certificates();
      const result = await verifySnsWebhook(request(signed(notification(BOUNCE), version)), {
        fetchCertificate,
        topicArns: [TOPIC],
      });
      expect(result).toEqual({ kind: "events", events: BOUNCE_EVENTS });
      expect(fetchCertificate).toHaveBeenCalledExactlyOnceWith(CERT_URL);
    },
  );

  it("signs the Subject when there is one", async () => {
    const envelope = signed(notification(BOUNCE, { Subject: "Amazon SES Email Event Notification" }), "1");
    const result = await verifySnsWebhook(request(envelope), { fetchCertificate: certificates() });
    expect(result).toEqual({ kind: "events", events: BOUNCE_EVENTS });
  });

  it("reads transient and undetermined bounces as soft bounces", async () => {
    for (const bounceType of ["Transient", "Undetermined"]) {
      const message = {
        ...BOUNCE,
        bounce: {
          ...BOUNCE.bounce,
          bounceType,
          bounceSubType: "MailboxFull",
          bouncedRecipients: [{ emailAddress: "mary@example.com" }],
        },
      };
      const result = await verifySnsWebhook(request(signed(notification(message))), {
        fetchCertificate: certificates(),
      });
      expect(result).toEqual({
        kind: "events",
        events: [
          expect.objectContaining({
            type: "soft_bounced",
            recipient: "mary@example.com",
            detail: `${bounceType}/MailboxFull`,
          }),
        ],
      });
    }
  });

  it("reads complaints and deliveries, in the event-publishing format too", async () => {
    const complaint = {
      eventType: "Complaint",
      complaint: {
        feedbackId: "0000013786031775-163e3910-53eb-4c8e-a04a-f29debf88a84-000000",
        complaintSubType: null,
        complainedRecipients: [{ emailAddress: "richard@example.com" }],
        timestamp: "2017-08-05T00:41:02.669Z",
        userAgent: "Mozilla/5.0",
        complaintFeedbackType: "abuse",
        arrivalDate: "2017-08-05T00:41:02.669Z",
      },
      mail: MAIL,
    };
    const delivery = {
      notificationType: "Delivery",
      mail: MAIL,
      delivery: {
        timestamp: "2016-01-27T14:59:38.237Z",
        recipients: ["jane@example.com"],
        processingTimeMillis: 546,
        reportingMTA: "a8-70.smtp-out.amazonses.com",
        smtpResponse: "250 ok:  Message 64111812 accepted",
        remoteMtaIp: "127.0.2.0",
      },
    };
    const options = { fetchCertificate: certificates() };
    expect(await verifySnsWebhook(request(signed(notification(complaint))), options)).toEqual({
      kind: "events",
      events: [
        {
          provider: "ses",
          providerMessageId: MAIL.messageId,
          type: "complained",
          recipient: "richard@example.com",
          occurredAt: new Date("2017-08-05T00:41:02.669Z"),
          providerEventId: `${SNS_ID}:richard@example.com`,
          detail: "complaint: abuse",
        },
      ],
    });
    expect(await verifySnsWebhook(request(signed(notification(delivery))), options)).toEqual({
      kind: "events",
      events: [
        {
          provider: "ses",
          providerMessageId: MAIL.messageId,
          type: "delivered",
          recipient: "jane@example.com",
          occurredAt: new Date("2016-01-27T14:59:38.237Z"),
          providerEventId: `${SNS_ID}:jane@example.com`,
          detail: "250 ok: Message 64111812 accepted",
        },
      ],
    });
  });

  it("records nothing for other SES events and for SES's set-up notices", async () => {
    const options = { fetchCertificate: certificates() };
    for (const message of [
      { eventType: "Open", mail: MAIL, open: { timestamp: "2017-08-09T22:00:19.652Z" } },
      { eventType: "Send", mail: MAIL, send: {} },
      { notificationType: "AmazonSnsSubscriptionSucceeded", message: "You have successfully subscribed…" },
      "Successfully validated SNS topic for Amazon SES event publishing.",
    ]) {
      expect(await verifySnsWebhook(request(signed(notification(message))), options)).toEqual({
        kind: "events",
        events: [],
      });
    }
  });

  it("yields the URL of a SubscriptionConfirmation, nothing for an UnsubscribeConfirmation", async () => {
    const subscribeUrl = `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC}&Token=2336412f37`;
    const confirmation = {
      Type: "SubscriptionConfirmation",
      MessageId: "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
      Token: "2336412f37",
      TopicArn: TOPIC,
      Message: `You have chosen to subscribe to the topic ${TOPIC}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
      SubscribeURL: subscribeUrl,
      Timestamp: "2012-04-26T20:45:04.751Z",
      SigningCertURL: CERT_URL,
    };
    for (const version of ["1", "2"] as const) {
      const result = await verifySnsWebhook(request(signed(confirmation, version)), {
        fetchCertificate: certificates(),
        topicArns: [TOPIC],
      });
      expect(result).toEqual({ kind: "subscription", subscribeUrl });
    }
    const unsubscribe = signed({ ...confirmation, Type: "UnsubscribeConfirmation" });
    expect(await verifySnsWebhook(request(unsubscribe), { fetchCertificate: certificates() })).toEqual({
      kind: "events",
      events: [],
    });
    // Signed, but not a URL of SNS: not confirmed.
    const elsewhere = signed({
      ...confirmation,
      SubscribeURL: "https://attacker.example/?Action=ConfirmSubscription",
    });
    expect(await rejection(verifySnsWebhook(request(elsewhere), { fetchCertificate: certificates() }))).toBe(
      "untrusted SubscribeURL",
    );
  });

  it("rejects a tampered message, Subject, type or signature version", async () => {
    const envelope = signed(notification(BOUNCE));
    const options = { fetchCertificate: certificates() };
    const tamperedBounce = { ...BOUNCE, bounce: { ...BOUNCE.bounce, bounceType: "Transient" } };
    for (const tampered of [
      { ...envelope, Message: JSON.stringify(tamperedBounce) },
      { ...envelope, Subject: "added" },
      { ...envelope, TopicArn: `${TOPIC}-other` },
      { ...envelope, SignatureVersion: "1" },
    ]) {
      expect(await rejection(verifySnsWebhook(request(tampered), options))).toBe("signature mismatch");
    }
  });

  it("rejects a signature by another key, or a certificate of another key", async () => {
    const byOther = signed(notification(BOUNCE), "2", OTHER_KEY);
    expect(await rejection(verifySnsWebhook(request(byOther), { fetchCertificate: certificates() }))).toBe(
      "signature mismatch",
    );
    const envelope = signed(notification(BOUNCE), "1");
    const otherCertificate = { fetchCertificate: certificates(OTHER_CERT) };
    expect(await rejection(verifySnsWebhook(request(envelope), otherCertificate))).toBe("signature mismatch");
  });

  it.each([
    ["http", CERT_URL.replace("https:", "http:")],
    ["a host that is not SNS", "https://sns.eu-west-1.amazonaws.com.attacker.example/cert.pem"],
    ["a host that is not SNS", "https://attacker.example/sns.eu-west-1.amazonaws.com/cert.pem"],
    ["a host that is not SNS", "https://s3.eu-west-1.amazonaws.com/bucket/cert.pem"],
    ["a path that is not .pem", "https://sns.eu-west-1.amazonaws.com/?cert=x.pem"],
    ["credentials", "https://user:pass@sns.eu-west-1.amazonaws.com/cert.pem"],
    ["a port", "https://sns.eu-west-1.amazonaws.com:8443/cert.pem"],
    ["not a URL", "sns.eu-west-1.amazonaws.com/cert.pem"],
  ])("rejects a SigningCertURL with %s without fetching it", async (_what, url) => {
    const fetchCertificate = certificates();
    const envelope = signed(notification(BOUNCE, { SigningCertURL: url }));
    expect(await rejection(verifySnsWebhook(request(envelope), { fetchCertificate }))).toBe(
      "untrusted SigningCertURL",
    );
    expect(fetchCertificate).not.toHaveBeenCalled();
  });

  it("accepts China regions' certificate host", async () => {
    const url = "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem";
    const fetchCertificate = certificates();
    const envelope = signed(notification(BOUNCE, { SigningCertURL: url }));
    expect(await verifySnsWebhook(request(envelope), { fetchCertificate })).toMatchObject({ kind: "events" });
    expect(fetchCertificate).toHaveBeenCalledWith(url);
  });

  it("rejects a topic outside the allow-list", async () => {
    const envelope = signed(notification(BOUNCE));
    const fetchCertificate = certificates();
    const options = { fetchCertificate, topicArns: ["arn:aws:sns:eu-west-1:123456789012:other"] };
    expect(await rejection(verifySnsWebhook(request(envelope), options))).toBe("unexpected TopicArn");
    expect(fetchCertificate).not.toHaveBeenCalled();
  });

  it("rejects malformed bodies, signatures and certificates", async () => {
    const options = { fetchCertificate: certificates() };
    const envelope = signed(notification(BOUNCE));
    const { MessageId: _, ...withoutId } = envelope;
    const cases: [{ headers: Headers; body: string }, string][] = [
      [{ headers: new Headers(), body: "{not json" }, "SNS message is not JSON"],
      [{ headers: new Headers(), body: "[]" }, "malformed SNS message"],
      [request(withoutId), "malformed SNS message (MessageId)"],
      [request({ ...envelope, SignatureVersion: "3" }), "malformed SNS message (SignatureVersion)"],
      [request({ ...envelope, Signature: "not base64!" }), "malformed signature"],
      [
        request(signed({ ...envelope, Type: "SubscriptionConfirmation" })),
        "malformed SNS message (SubscribeURL)",
      ],
    ];
    for (const [input, reason] of cases)
      expect(await rejection(verifySnsWebhook(input, options))).toBe(reason);

    for (const pem of [
      "",
      "not a certificate",
      "-----BEGIN CERTIFICATE-----\nMIIBCgKCAQEA\n-----END CERTIFICATE-----",
    ]) {
      const reason = await rejection(
        verifySnsWebhook(request(envelope), { fetchCertificate: certificates(pem) }),
      );
      expect(reason).toBe("malformed signing certificate");
    }
  });

  it("rejects a signed notification whose SES content is malformed", async () => {
    const options = { fetchCertificate: certificates() };
    const noRecipients = { ...BOUNCE, bounce: { ...BOUNCE.bounce, bouncedRecipients: [] } };
    const badType = { ...BOUNCE, bounce: { ...BOUNCE.bounce, bounceType: "Sometimes" } };
    const noMail = {
      notificationType: "Delivery",
      delivery: { timestamp: MAIL.timestamp, recipients: ["a@b.c"] },
    };
    for (const message of [noRecipients, badType, noMail]) {
      const reason = await rejection(verifySnsWebhook(request(signed(notification(message))), options));
      expect(reason).toMatch(/^malformed SES (bounce|delivery)/);
    }
  });

  it("lets an error fetching the certificate through, for a retry", async () => {
    const fetchCertificate = vi.fn(async () => {
      throw new Error("certificate fetch failed: 503");
    });
    const failure = verifySnsWebhook(request(signed(notification(BOUNCE))), { fetchCertificate });
    await expect(failure).rejects.toThrow("certificate fetch failed: 503");
    await expect(failure).rejects.not.toBeInstanceOf(WebhookRejected);
  });
});
