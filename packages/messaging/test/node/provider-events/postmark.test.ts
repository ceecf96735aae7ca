import { describe, expect, it } from "vitest";
import { verifyPostmarkWebhook, WebhookRejected } from "../../../src/provider-events";

const OPTIONS = { username: "postmark-hooks", password: "s3cret pässword:with colon" };

const basic = (credentials: string) => `Basic ${Buffer.from(credentials, "utf8").toString("base64")}`;

const request = (
  payload: unknown,
  authorization: string | null = basic(`${OPTIONS.username}:${OPTIONS.password}`),
) => ({
  headers: new Headers({
    "content-type": "application/json",
    ...(authorization === null ? {} : { authorization }),
  }),
  body: typeof payload === "string" ? payload : JSON.stringify(payload),
});

async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(WebhookRejected);
  return (error as WebhookRejected).reason;
}

/** The shape of Postmark's bounce webhook example. */
const BOUNCE = {
  RecordType: "Bounce",
  MessageStream: "outbound",
  ID: 4323372036,
  Type: "HardBounce",
  TypeCode: 1,
  Name: "Hard bounce",
  Tag: "Test",
  MessageID: "883953f4-6105-42a2-a16a-77a8eac79483",
  Metadata: { a_key: "a_value", b_key: "b_value" },
  ServerID: 23,
  Description: "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
  Details: "Test bounce details",
  Email: "John@Example.com",
  From: "sender@example.com",
  BouncedAt: "2019-11-05T16:33:54.9070259Z",
  DumpAvailable: true,
  Inactive: true,
  CanActivate: true,
  Subject: "Test subject",
  Content: "<Full dump of bounce>",
};

const SPAM_COMPLAINT = {
  RecordType: "SpamComplaint",
  MessageStream: "outbound",
  ID: 42,
  Type: "SpamComplaint",
  TypeCode: 100001,
  Name: "Spam complaint",
  Tag: "Test",
  MessageID: "00000000-0000-0000-0000-000000000000",
  Metadata: { a_key: "a_value" },
  ServerID: 1234,
  Description: "",
  Details: "Test spam complaint details",
  Email: "john@example.com",
  From: "sender@example.com",
  BouncedAt: "2019-11-05T16:33:54.9070259Z",
  DumpAvailable: true,
  Inactive: true,
  CanActivate: false,
  Subject: "Test subject",
  Content: "<Abuse report dump>",
};

const DELIVERY = {
  RecordType: "Delivery",
  ServerID: 23,
  MessageStream: "outbound",
  MessageID: "883953f4-6105-42a2-a16a-77a8eac79483",
  Recipient: "john@example.com",
  Tag: "welcome-email",
  DeliveredAt: "2016-12-01T15:41:45-05:00",
  Details: "smtp;250 2.0.0 OK 1480624905 l186si10190883ite.73 - gsmtp",
  Metadata: { a_key: "a_value" },
};

describe("verifyPostmarkWebhook", () => {
  it("reads a hard bounce", async () => {
    expect(await verifyPostmarkWebhook(request(BOUNCE), OPTIONS)).toEqual({
      kind: "events",
      events: [
        {
          provider: "postmark",
          providerMessageId: "883953f4-6105-42a2-a16a-77a8eac79483",
          type: "bounced",
          recipient: "john@example.com",
          occurredAt: new Date("2019-11-05T16:33:54.907Z"),
          providerEventId: "bounce:4323372036",
          detail: "HardBounce: Test bounce details",
        },
      ],
    });
  });

  it("reads a spam complaint and a delivery", async () => {
    expect(await verifyPostmarkWebhook(request(SPAM_COMPLAINT), OPTIONS)).toEqual({
      kind: "events",
      events: [
        {
          provider: "postmark",
          providerMessageId: "00000000-0000-0000-0000-000000000000",
          type: "complained",
          recipient: "john@example.com",
          occurredAt: new Date("2019-11-05T16:33:54.907Z"),
          providerEventId: "bounce:42",
          detail: "SpamComplaint: Test spam complaint details",
        },
      ],
    });
    expect(await verifyPostmarkWebhook(request(DELIVERY), OPTIONS)).toEqual({
      kind: "events",
      events: [
        {
          provider: "postmark",
          providerMessageId: "883953f4-6105-42a2-a16a-77a8eac79483",
          type: "delivered",
          recipient: "john@example.com",
          occurredAt: new Date("2016-12-01T20:41:45Z"),
          providerEventId: "delivery:883953f4-6105-42a2-a16a-77a8eac79483:john@example.com",
          detail: "smtp;250 2.0.0 OK 1480624905 l186si10190883ite.73 - gsmtp",
        },
      ],
    });
  });

  it.each([
    ["HardBounce", "bounced"],
    ["BadEmailAddress", "bounced"],
    ["ManuallyDeactivated", "bounced"],
    ["SpamComplaint", "complained"],
    ["SoftBounce", "soft_bounced"],
    ["Transient", "soft_bounced"],
    ["DnsError", "soft_bounced"],
    ["SpamNotification", "soft_bounced"],
    ["Blocked", "soft_bounced"],
    ["Unknown", "soft_bounced"],
    ["AutoResponder", undefined],
    ["Unsubscribe", undefined],
    ["ChallengeVerification", undefined],
  ])("maps bounce type %s to %s", async (Type, expected) => {
    const result = await verifyPostmarkWebhook(request({ ...BOUNCE, Type }), OPTIONS);
    expect(result).toEqual({
      kind: "events",
      events: expected === undefined ? [] : [expect.objectContaining({ type: expected })],
    });
  });

  it("records nothing for opens, clicks and subscription changes", async () => {
    for (const RecordType of ["Open", "Click", "SubscriptionChange"]) {
      const payload = {
        RecordType,
        MessageID: "883953f4-6105-42a2-a16a-77a8eac79483",
        Recipient: "john@example.com",
      };
      expect(await verifyPostmarkWebhook(request(payload), OPTIONS)).toEqual({ kind: "events", events: [] });
    }
  });

  it.each([
    ["missing credentials", null, "missing credentials"],
    ["another scheme", "Bearer abc", "malformed credentials"],
    ["broken base64", "Basic !!!", "malformed credentials"],
    ["a wrong password", basic(`${OPTIONS.username}:wrong`), "wrong credentials"],
    ["a wrong user", basic(`someone:${OPTIONS.password}`), "wrong credentials"],
    ["a longer password", basic(`${OPTIONS.username}:${OPTIONS.password}x`), "wrong credentials"],
    ["an empty password", basic(`${OPTIONS.username}:`), "wrong credentials"],
  ])("rejects %s", async (_what, authorization, reason) => {
    expect(await rejection(verifyPostmarkWebhook(request(BOUNCE, authorization), OPTIONS))).toBe(reason);
  });

  it("checks the credentials before reading the body", async () => {
    const wrong = basic(`${OPTIONS.username}:wrong`);
    expect(await rejection(verifyPostmarkWebhook(request("{not json", wrong), OPTIONS))).toBe(
      "wrong credentials",
    );
  });

  it("accepts the scheme in any case", async () => {
    const authorization = basic(`${OPTIONS.username}:${OPTIONS.password}`).replace("Basic", "basic");
    expect(await verifyPostmarkWebhook(request(DELIVERY, authorization), OPTIONS)).toMatchObject({
      kind: "events",
    });
  });

  it("rejects malformed payloads", async () => {
    const { MessageID: _, ...withoutMessageId } = BOUNCE;
    const cases: [unknown, string][] = [
      ["{not json", "Postmark record is not JSON"],
      [[], "malformed Postmark record"],
      [{ ...BOUNCE, RecordType: 7 }, "malformed Postmark record (RecordType)"],
      [withoutMessageId, "malformed Postmark bounce (MessageID)"],
      [{ ...BOUNCE, Email: "not an address" }, "malformed Postmark bounce (Email)"],
      [{ ...BOUNCE, BouncedAt: "yesterday" }, "malformed Postmark bounce (BouncedAt)"],
      [{ ...DELIVERY, Recipient: undefined }, "malformed Postmark delivery (Recipient)"],
    ];
    for (const [payload, reason] of cases) {
      expect(await rejection(verifyPostmarkWebhook(request(payload), OPTIONS))).toBe(reason);
    }
  });

  it("refuses to run without credentials configured", async () => {
    await expect(verifyPostmarkWebhook(request(BOUNCE), { username: "u", password: "" })).rejects.toThrow(
      "must not be empty",
    );
  });
});
