import { AwsV4Signer } from "aws4fetch";
import { type AddressObject, simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailMessage } from "../../src/email/message";
import { sesProvider } from "../../src/email/ses-provider";
import { closedUrl, loopbackApi, type Received } from "./loopback-api";

let api: Awaited<ReturnType<typeof loopbackApi>>;
beforeAll(async () => {
  api = await loopbackApi();
});
afterAll(() => api.close());

const credentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const provider = (timeoutMs?: number) =>
  sesProvider({
    ...credentials,
    region: "eu-central-1",
    endpoint: api.url,
    ...(timeoutMs ? { timeoutMs } : {}),
  });

const message: EmailMessage = {
  from: { email: "news@shop.example", name: "Shop" },
  to: [{ email: "ann@example.com", name: "Ann" }],
  cc: [{ email: "cy@example.com" }],
  bcc: [{ email: "audit@shop.example" }],
  subject: "Grüße",
  text: "Hello",
  attachments: [{ filename: "invoice.pdf", contentType: "application/pdf", contentBase64: "JVBERi0xLjQK" }],
  tags: { campaign: "spring" },
};

/** Signs the received request again with the same time and credentials: the Authorization must match. */
async function expectedAuthorization(request: Received): Promise<string> {
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([name]) => name === "content-type" || name.startsWith("x-amz-")),
  ) as Record<string, string>;
  const signer = new AwsV4Signer({
    ...credentials,
    method: request.method,
    url: `${api.url}${request.path}`,
    headers,
    body: request.body,
    service: "ses",
    region: "eu-central-1",
    datetime: headers["x-amz-date"],
  });
  return (await signer.sign()).headers.get("authorization") ?? "";
}

const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((group) => group.value.map((a) => a.address));

describe("sesProvider", () => {
  it("is named ses and not idempotent", () => {
    expect(provider()).toMatchObject({ name: "ses", idempotent: false });
  });

  it("posts SendEmail with the raw MIME message, SigV4-signed for ses", async () => {
    api.answer({ status: 200, json: { MessageId: "0102018c-example-000000" } });
    expect(await provider().send(message)).toEqual({
      ok: true,
      providerMessageId: "0102018c-example-000000",
    });
    const request = api.last();
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/v2/email/outbound-emails");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["x-amz-date"]).toMatch(/^\d{8}T\d{6}Z$/);
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/ses\/aws4_request, SignedHeaders=host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    expect(request.headers.authorization).toBe(await expectedAuthorization(request));

    const body = JSON.parse(request.body);
    expect(body).toEqual({
      FromEmailAddress: "news@shop.example",
      Destination: {
        ToAddresses: ["ann@example.com"],
        CcAddresses: ["cy@example.com"],
        BccAddresses: ["audit@shop.example"],
      },
      Content: { Raw: { Data: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) } },
      EmailTags: [{ Name: "campaign", Value: "spring" }],
    });
    const raw = Buffer.from(body.Content.Raw.Data, "base64").toString("utf8");
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe("Grüße");
    expect(addresses(mail.from)).toEqual(["news@shop.example"]);
    expect(addresses(mail.to)).toEqual(["ann@example.com"]);
    expect(addresses(mail.cc)).toEqual(["cy@example.com"]);
    expect(raw).not.toContain("audit@shop.example");
    expect(mail.text).toBe("Hello\n");
    expect(mail.attachments.map((file) => [file.filename, file.content.toString("base64")])).toEqual([
      ["invoice.pdf", "JVBERi0xLjQK"],
    ]);
  });

  it("signs with the session token of temporary credentials", async () => {
    api.answer({ status: 200, json: { MessageId: "m-2" } });
    const temporary = sesProvider({
      ...credentials,
      sessionToken: "FwoGZXIvYXdz",
      region: "us-east-1",
      endpoint: api.url,
    });
    expect(await temporary.send(message)).toEqual({ ok: true, providerMessageId: "m-2" });
    expect(api.last().headers["x-amz-security-token"]).toBe("FwoGZXIvYXdz");
    expect(api.last().headers.authorization).toContain(
      "/us-east-1/ses/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token,",
    );
  });

  const errorTypes = [
    [400, "MessageRejected", false],
    [400, "MailFromDomainNotVerifiedException", false],
    [400, "AccountSuspendedException", false],
    [400, "SendingPausedException", false],
    [400, "BadRequestException", false],
    [404, "NotFoundException", false],
    [403, "UnrecognizedClientException", false],
    [429, "TooManyRequestsException", true],
    [400, "LimitExceededException", true],
    [500, "InternalFailure", true],
  ] as const;

  it.each(errorTypes)(
    "classifies %i %s from the x-amzn-ErrorType header",
    async (status, type, retryable) => {
      api.answer({
        status,
        headers: { "x-amzn-ErrorType": `${type}:http://internal.amazon.com/coral/com.amazonaws.sesv2/` },
        json: { message: `the ${type} message` },
      });
      expect(await provider().send(message)).toEqual({
        ok: false,
        retryable,
        code: `ses_${type}`,
        message: `SES ${status} ${type}: the ${type} message`,
      });
    },
  );

  it.each(errorTypes)("classifies %i %s from the body's __type", async (status, type, retryable) => {
    api.answer({ status, json: { __type: `com.amazonaws.sesv2#${type}`, Message: `the ${type} message` } });
    expect(await provider().send(message)).toEqual({
      ok: false,
      retryable,
      code: `ses_${type}`,
      message: `SES ${status} ${type}: the ${type} message`,
    });
  });

  it("classifies answers without an error type by status", async () => {
    api.answer({ status: 503, text: "Service Unavailable" });
    expect(await provider().send(message)).toMatchObject({ ok: false, retryable: true, code: "http_503" });
    api.answer({ status: 400, text: "" });
    expect(await provider().send(message)).toMatchObject({ ok: false, retryable: false, code: "http_400" });
    api.answer({ status: 200, json: {} });
    expect(await provider().send(message)).toMatchObject({
      ok: false,
      retryable: false,
      code: "invalid_response",
    });
  });

  it("reports a refused connection as network_error and a silent API as timeout, both retryable", async () => {
    const down = sesProvider({ ...credentials, region: "eu-central-1", endpoint: await closedUrl() });
    expect(await down.send(message)).toMatchObject({ ok: false, retryable: true, code: "network_error" });
    api.answer("hang");
    expect(await provider(200).send(message)).toEqual({
      ok: false,
      retryable: true,
      code: "timeout",
      message: "no answer within 200 ms",
      // The request went out: the provider may have taken it.
      unknownOutcome: true,
    });
  });

  it("sends nothing for an invalid message", async () => {
    const before = api.received.length;
    expect(await provider().send({ ...message, to: [] })).toMatchObject({
      code: "invalid_message",
      retryable: false,
    });
    expect(api.received).toHaveLength(before);
  });

  it("refuses a bad region, missing credentials and plain http off loopback", () => {
    expect(() => sesProvider({ ...credentials, region: "Frankfurt" })).toThrow(/region/);
    expect(() => sesProvider({ ...credentials, secretAccessKey: "", region: "eu-central-1" })).toThrow(
      /secretAccessKey/,
    );
    expect(() =>
      sesProvider({
        ...credentials,
        region: "eu-central-1",
        endpoint: "http://email.eu-central-1.amazonaws.com",
      }),
    ).toThrow(/https/);
    expect(() => sesProvider({ ...credentials, region: "eu-central-1" })).not.toThrow();
  });
});

describe("sesProvider.sendBatch", () => {
  it("sends each message alone, at most 6 at a time, and gives the results in the messages' order", async () => {
    let inFlight = 0;
    let most = 0;
    api.answer(async (request) => {
      inFlight++;
      most = Math.max(most, inFlight);
      const to: string = JSON.parse(request.body).Destination.ToAddresses[0];
      const n = Number(/\d+/.exec(to)?.[0]);
      // Later messages are answered sooner: the order of the results must not follow the answers.
      await new Promise((resolve) => setTimeout(resolve, 60 - n * 4));
      inFlight--;
      return { status: 200, json: { MessageId: `ses-${n}` } };
    });
    const before = api.received.length;
    const messages = Array.from({ length: 14 }, (_, n) => ({
      from: { email: "news@shop.example" },
      to: [{ email: `user${n}@example.com` }],
      subject: `Message ${n}`,
      text: "Hello",
    }));
    const results = await provider().sendBatch([...messages, { ...message, subject: "a\r\nb" }]);
    expect(results.slice(0, 14)).toEqual(
      messages.map((_, n) => ({ ok: true, providerMessageId: `ses-${n}` })),
    );
    expect(results[14]).toMatchObject({ ok: false, code: "invalid_message" });
    expect(api.received.length - before).toBe(14);
    expect(most).toBe(6);
  });
});
