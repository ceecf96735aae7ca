import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { verifyResendWebhook, WebhookRejected } from "../../../src/provider-events";

const SECRET_BYTES = Buffer.from("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw-test-only", "utf8");
const SECRET = `whsec_${SECRET_BYTES.toString("base64")}`;
const NOW = new Date("2024-11-22T23:41:20Z");
const OPTIONS = { secret: SECRET, now: () => NOW };
const SVIX_ID = "msg_2pHd8kRBfYl8IIvJdvhGJ4vIbLB";

const sign = (id: string, timestamp: string, body: string, key: Buffer = SECRET_BYTES) =>
  `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;

function request(
  payload: unknown,
  {
    timestamp = String(NOW.getTime() / 1000),
    key = SECRET_BYTES,
    headers = {} as Record<string, string | null>,
  } = {},
) {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const all: Record<string, string | null> = {
    "content-type": "application/json",
    "svix-id": SVIX_ID,
    "svix-timestamp": timestamp,
    "svix-signature": sign(SVIX_ID, timestamp, body, key),
    ...headers,
  };
  return {
    headers: new Headers(Object.entries(all).filter((entry): entry is [string, string] => entry[1] !== null)),
    body,
  };
}

async function rejection(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(WebhookRejected);
  return (error as WebhookRejected).reason;
}

/** The shape of Resend's email.bounced example. */
const BOUNCED = {
  type: "email.bounced",
  created_at: "2024-11-22T23:41:12.126Z",
  data: {
    broadcast_id: "8b146471-e88e-4322-86af-016cd36fd216",
    created_at: "2024-11-22T23:41:11.894719+00:00",
    email_id: "56761188-7520-42d8-8898-ff6fc54ce618",
    from: "Acme <onboarding@resend.dev>",
    to: ["Delivered@Resend.dev", "Other <other@resend.dev>"],
    subject: "Sending this example",
    bounce: {
      message:
        "The recipient's email address is on the suppression list because it has a recent history of producing hard bounces.",
      subType: "Suppressed",
      type: "Permanent",
    },
    tags: { category: "confirm_email" },
  },
};

const withType = (type: string, data: Record<string, unknown> = {}) => {
  const { bounce: _, ...rest } = BOUNCED.data;
  return { ...BOUNCED, type, data: { ...rest, ...data } };
};

describe("verifyResendWebhook", () => {
  it("reads a permanent bounce, one event per recipient", async () => {
    const detail =
      "Permanent/Suppressed: The recipient's email address is on the suppression list because it has a recent history of producing hard bounces.";
    const common = {
      provider: "resend",
      providerMessageId: "56761188-7520-42d8-8898-ff6fc54ce618",
      type: "bounced",
      occurredAt: new Date("2024-11-22T23:41:12.126Z"),
      detail,
    };
    expect(await verifyResendWebhook(request(BOUNCED), OPTIONS)).toEqual({
      kind: "events",
      events: [
        { ...common, recipient: "delivered@resend.dev", providerEventId: `${SVIX_ID}:delivered@resend.dev` },
        { ...common, recipient: "other@resend.dev", providerEventId: `${SVIX_ID}:other@resend.dev` },
      ],
    });
  });

  it("reads transient bounces as soft, and bounces without a type as hard", async () => {
    const transient = {
      ...BOUNCED,
      data: { ...BOUNCED.data, bounce: { ...BOUNCED.data.bounce, type: "Transient" } },
    };
    const result = await verifyResendWebhook(request(transient), OPTIONS);
    expect(result.kind === "events" && result.events.map((event) => event.type)).toEqual([
      "soft_bounced",
      "soft_bounced",
    ]);
    const untyped = withType("email.bounced");
    expect(await verifyResendWebhook(request(untyped), OPTIONS)).toEqual({
      kind: "events",
      events: [
        expect.objectContaining({ type: "bounced", detail: "bounced" }),
        expect.objectContaining({ type: "bounced", detail: "bounced" }),
      ],
    });
  });

  it.each([
    ["email.delivered", "delivered", "delivered"],
    ["email.complained", "complained", "complained"],
    ["email.delivery_delayed", "soft_bounced", "delivery delayed"],
  ])("reads %s as %s", async (type, expected, detail) => {
    const result = await verifyResendWebhook(
      request(withType(type, { to: ["delivered@resend.dev"] })),
      OPTIONS,
    );
    expect(result).toEqual({
      kind: "events",
      events: [
        {
          provider: "resend",
          providerMessageId: "56761188-7520-42d8-8898-ff6fc54ce618",
          type: expected,
          recipient: "delivered@resend.dev",
          occurredAt: new Date("2024-11-22T23:41:12.126Z"),
          providerEventId: `${SVIX_ID}:delivered@resend.dev`,
          detail,
        },
      ],
    });
  });

  it("records nothing for sent, opened and clicked", async () => {
    for (const type of ["email.sent", "email.opened", "email.clicked", "contact.created"]) {
      expect(await verifyResendWebhook(request(withType(type)), OPTIONS)).toEqual({
        kind: "events",
        events: [],
      });
    }
  });

  it("accepts any matching v1 signature of the list (secret rotation), and a secret without prefix", async () => {
    const body = JSON.stringify(BOUNCED);
    const timestamp = String(NOW.getTime() / 1000);
    const signatures = [
      sign(SVIX_ID, timestamp, body, Buffer.from("an old secret")),
      "v2,notasignature",
      sign(SVIX_ID, timestamp, body),
    ].join(" ");
    const result = await verifyResendWebhook(
      request(BOUNCED, { headers: { "svix-signature": signatures } }),
      OPTIONS,
    );
    expect(result).toMatchObject({ kind: "events" });
    const unprefixed = { ...OPTIONS, secret: SECRET_BYTES.toString("base64") };
    expect(await verifyResendWebhook(request(BOUNCED), unprefixed)).toMatchObject({ kind: "events" });
  });

  it("accepts timestamps up to 5 minutes away", async () => {
    for (const offset of [-300, 300]) {
      const timestamp = String(NOW.getTime() / 1000 + offset);
      expect(await verifyResendWebhook(request(BOUNCED, { timestamp }), OPTIONS)).toMatchObject({
        kind: "events",
      });
    }
  });

  it("rejects a tampered body", async () => {
    const genuine = request(BOUNCED);
    const tampered = { ...genuine, body: genuine.body.replace("Permanent", "Transient") };
    expect(await rejection(verifyResendWebhook(tampered, OPTIONS))).toBe("signature mismatch");
  });

  it("rejects a wrong signature or secret", async () => {
    const wrongKey = request(BOUNCED, { key: Buffer.from("another secret") });
    expect(await rejection(verifyResendWebhook(wrongKey, OPTIONS))).toBe("signature mismatch");
    const otherSecret = { ...OPTIONS, secret: `whsec_${Buffer.from("another secret").toString("base64")}` };
    expect(await rejection(verifyResendWebhook(request(BOUNCED), otherSecret))).toBe("signature mismatch");
    for (const signature of ["", "v1,", "v1,!!!", "v1a,abc", "v2,dGVzdA=="]) {
      const forged = request(BOUNCED, { headers: { "svix-signature": signature } });
      expect(await rejection(verifyResendWebhook(forged, OPTIONS))).toMatch(
        /signature mismatch|missing svix headers/,
      );
    }
    // The id and timestamp are signed too.
    const otherId = request(BOUNCED, { headers: { "svix-id": "msg_other" } });
    expect(await rejection(verifyResendWebhook(otherId, OPTIONS))).toBe("signature mismatch");
  });

  it("rejects expired and future timestamps", async () => {
    for (const offset of [-301, 301, -86_400]) {
      const timestamp = String(NOW.getTime() / 1000 + offset);
      const reason = await rejection(verifyResendWebhook(request(BOUNCED, { timestamp }), OPTIONS));
      expect(reason).toBe("svix-timestamp too far from now");
    }
    const milliseconds = request(BOUNCED, { timestamp: String(NOW.getTime()) });
    expect(await rejection(verifyResendWebhook(milliseconds, OPTIONS))).toBe(
      "svix-timestamp too far from now",
    );
    const notANumber = request(BOUNCED, { timestamp: "1732318880.5" });
    expect(await rejection(verifyResendWebhook(notANumber, OPTIONS))).toBe("malformed svix-timestamp");
  });

  it.each(["svix-id", "svix-timestamp", "svix-signature"])("rejects a request without %s", async (header) => {
    const missing = request(BOUNCED, { headers: { [header]: null } });
    expect(await rejection(verifyResendWebhook(missing, OPTIONS))).toBe("missing svix headers");
  });

  it("rejects malformed JSON and malformed events, signed", async () => {
    const cases: [unknown, string][] = [
      ["{not json", "Resend event is not JSON"],
      [{ ...BOUNCED, created_at: "soon" }, "malformed Resend event (created_at)"],
      [{ ...BOUNCED, data: { ...BOUNCED.data, to: [] } }, "malformed Resend event (data)"],
      [{ ...BOUNCED, data: { ...BOUNCED.data, to: ["nobody"] } }, "malformed Resend event (data)"],
      [{ ...BOUNCED, data: { ...BOUNCED.data, email_id: undefined } }, "malformed Resend event (data)"],
    ];
    for (const [payload, reason] of cases) {
      expect(await rejection(verifyResendWebhook(request(payload), OPTIONS))).toBe(reason);
    }
  });

  it("refuses a secret that is not base64", async () => {
    await expect(
      verifyResendWebhook(request(BOUNCED), { ...OPTIONS, secret: "whsec_not base64!" }),
    ).rejects.toThrow("the secret must be whsec_ followed by base64");
  });
});
