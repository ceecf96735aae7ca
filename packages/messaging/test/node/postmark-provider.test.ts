import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailMessage } from "../../src/email/message";
import { postmarkProvider } from "../../src/email/postmark-provider";
import { type Answer, closedUrl, loopbackApi, type Received } from "./loopback-api";

let api: Awaited<ReturnType<typeof loopbackApi>>;
beforeAll(async () => {
  api = await loopbackApi();
});
afterAll(() => api.close());

const message: EmailMessage = {
  from: { email: "news@shop.example", name: "Shop, Inc." },
  to: [{ email: "ann@example.com", name: "Ann" }, { email: "bob@example.com" }],
  cc: [{ email: "cy@example.com", name: "Cy" }],
  bcc: [{ email: "audit@shop.example" }, { email: "legal@shop.example", name: "Légal" }],
  replyTo: { email: "help@shop.example" },
  subject: "Spring sale",
  text: "Hello",
  html: "<p>Hello</p>",
  headers: { "X-Edgepost-Message-Id": "msg_01" },
  listUnsubscribe: { url: "https://u.example/u/1" },
  attachments: [
    { filename: "invoice.pdf", contentType: "application/pdf", contentBase64: "JVBERi0xLjQK" },
    { filename: "logo.png", contentType: "image/png", contentBase64: "iVBORw==", contentId: "logo@shop" },
  ],
  idempotencyKey: "msg_01",
  tags: { campaign: "spring" },
};

const provider = (stream?: string) =>
  postmarkProvider({
    serverToken: "server-token-1",
    endpoint: api.url,
    ...(stream ? { messageStream: stream } : {}),
  });

const accepted = {
  To: "ann@example.com",
  SubmittedAt: "2026-11-30T03:00:00.0000000Z",
  MessageID: "b7bc2f4a-e38e-4336-af7d-e6c392c2f817",
  ErrorCode: 0,
  Message: "OK",
};

describe("postmarkProvider", () => {
  it("is named postmark and not idempotent", () => {
    expect(provider()).toMatchObject({ name: "postmark", idempotent: false });
  });

  it("posts the documented JSON to /email with the server token", async () => {
    api.answer({ status: 200, json: accepted });
    expect(await provider().send(message)).toEqual({ ok: true, providerMessageId: accepted.MessageID });
    const request = api.last();
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/email");
    expect(request.headers["x-postmark-server-token"]).toBe("server-token-1");
    expect(request.headers.accept).toBe("application/json");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers["idempotency-key"]).toBeUndefined();
    expect(JSON.parse(request.body)).toEqual({
      From: '"Shop, Inc." <news@shop.example>',
      To: "Ann <ann@example.com>, bob@example.com",
      Cc: "Cy <cy@example.com>",
      Bcc: "audit@shop.example, Légal <legal@shop.example>",
      ReplyTo: "help@shop.example",
      Subject: "Spring sale",
      TextBody: "Hello",
      HtmlBody: "<p>Hello</p>",
      Headers: [
        { Name: "X-Edgepost-Message-Id", Value: "msg_01" },
        { Name: "List-Unsubscribe", Value: "<https://u.example/u/1>" },
        { Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" },
      ],
      Attachments: [
        { Name: "invoice.pdf", Content: "JVBERi0xLjQK", ContentType: "application/pdf" },
        { Name: "logo.png", Content: "iVBORw==", ContentType: "image/png", ContentID: "cid:logo@shop" },
      ],
      Metadata: { campaign: "spring" },
      MessageStream: "outbound",
    });
  });

  it("sends to the configured message stream and leaves out what the message does not have", async () => {
    api.answer({ status: 200, json: accepted });
    const minimal = {
      from: { email: "a@shop.example" },
      to: [{ email: "b@example.com" }],
      subject: "S",
      text: "T",
    };
    expect(await provider("broadcast").send(minimal)).toMatchObject({ ok: true });
    expect(JSON.parse(api.last().body)).toEqual({
      From: "a@shop.example",
      To: "b@example.com",
      Subject: "S",
      TextBody: "T",
      MessageStream: "broadcast",
    });
  });

  it.each([
    [422, 300, "Invalid email request", false],
    [422, 400, "Sender signature not found", false],
    [422, 401, "Sender signature not confirmed", false],
    [422, 405, "Not allowed to send", false],
    [422, 406, "You tried to send to a recipient that has been marked as inactive.", false],
    [422, 411, "Forbidden attachment type", false],
    [422, 412, "Account is pending", false],
    [422, 413, "Account may not send", false],
    [401, 10, "Bad or missing API token", false],
    [429, 429, "Rate limit exceeded", true],
    [500, 100, "Maintenance", true],
  ] as const)("classifies %i ErrorCode %i (%s)", async (status, errorCode, text, retryable) => {
    api.answer({ status, json: { ErrorCode: errorCode, Message: text } });
    expect(await provider().send(message)).toEqual({
      ok: false,
      retryable,
      code: `postmark_${errorCode}`,
      message: `Postmark ${status} ErrorCode ${errorCode}: ${text}`,
    });
  });

  it("classifies answers without an ErrorCode by status", async () => {
    api.answer({ status: 500, text: "Internal Server Error" });
    expect(await provider().send(message)).toMatchObject({ ok: false, retryable: true, code: "http_500" });
    api.answer({ status: 503, text: "" });
    expect(await provider().send(message)).toMatchObject({ ok: false, retryable: true, code: "http_503" });
    api.answer({ status: 200, json: { ErrorCode: 0, Message: "OK" } });
    expect(await provider().send(message)).toMatchObject({
      ok: false,
      retryable: false,
      code: "invalid_response",
    });
  });

  it("reports a refused connection as network_error and a silent API as timeout, both retryable", async () => {
    const down = postmarkProvider({ serverToken: "t", endpoint: await closedUrl() });
    expect(await down.send(message)).toMatchObject({ ok: false, retryable: true, code: "network_error" });
    api.answer("hang");
    const slow = postmarkProvider({ serverToken: "t", endpoint: api.url, timeoutMs: 200 });
    expect(await slow.send(message)).toMatchObject({ ok: false, retryable: true, code: "timeout" });
  });

  it("refuses plain http except on loopback, a missing token and a bad stream", () => {
    expect(() => postmarkProvider({ serverToken: "t", endpoint: "http://api.postmarkapp.com" })).toThrow(
      /https/,
    );
    expect(() => postmarkProvider({ serverToken: "" })).toThrow(/serverToken/);
    expect(() => postmarkProvider({ serverToken: "t", messageStream: "a b" })).toThrow(/messageStream/);
  });
});

const plain = (n: number): EmailMessage => ({
  from: { email: "news@shop.example" },
  to: [{ email: `user${n}@example.com` }],
  subject: `Message ${n}`,
  text: `Hello ${n}`,
});

/** Postmark's batch answer: an entry per message, in order. */
const acceptAll = (request: Received): Answer => ({
  status: 200,
  json: JSON.parse(request.body).map((email: { To: string }, n: number) => ({
    ErrorCode: 0,
    Message: "OK",
    MessageID: `pm-${n}`,
    SubmittedAt: "2026-11-30T03:00:00.0000000Z",
    To: email.To,
  })),
});

const since = (before: number) => api.received.slice(before);

describe("postmarkProvider.sendBatch", () => {
  it("posts the messages as one array to /email/batch and reads each entry's ErrorCode as a single send's", async () => {
    api.answer({
      status: 200,
      json: [
        {
          ErrorCode: 0,
          Message: "OK",
          MessageID: "pm-a",
          SubmittedAt: "2026-11-30T03:00:00Z",
          To: "user1@example.com",
        },
        { ErrorCode: 406, Message: "You tried to send to a recipient that has been marked as inactive." },
        { ErrorCode: 100, Message: "Maintenance" },
        {
          ErrorCode: 0,
          Message: "OK",
          MessageID: "pm-d",
          SubmittedAt: "2026-11-30T03:00:00Z",
          To: "user4@example.com",
        },
      ],
    });
    const before = api.received.length;
    expect(
      await provider().sendBatch([plain(1), plain(2), plain(3), plain(4)], { idempotencyKey: "ignored" }),
    ).toEqual([
      { ok: true, providerMessageId: "pm-a" },
      {
        ok: false,
        retryable: false,
        code: "postmark_406",
        message:
          "Postmark batch ErrorCode 406: You tried to send to a recipient that has been marked as inactive.",
      },
      {
        ok: false,
        retryable: true,
        code: "postmark_100",
        message: "Postmark batch ErrorCode 100: Maintenance",
      },
      { ok: true, providerMessageId: "pm-d" },
    ]);
    const [request, ...more] = since(before);
    expect(more).toHaveLength(0);
    expect(request?.path).toBe("/email/batch");
    expect(request?.headers["x-postmark-server-token"]).toBe("server-token-1");
    expect(request?.headers["idempotency-key"]).toBeUndefined();
    expect(JSON.parse(request?.body ?? "")).toEqual(
      [1, 2, 3, 4].map((n) => ({
        From: "news@shop.example",
        To: `user${n}@example.com`,
        Subject: `Message ${n}`,
        TextBody: `Hello ${n}`,
        MessageStream: "outbound",
      })),
    );
  });

  it("splits 501 messages into requests of 500 and 1", async () => {
    api.answer(acceptAll);
    const before = api.received.length;
    const results = await provider().sendBatch(Array.from({ length: 501 }, (_, n) => plain(n)));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(results.at(-1)).toEqual({ ok: true, providerMessageId: "pm-0" });
    expect(since(before).map((request) => JSON.parse(request.body).length)).toEqual([500, 1]);
  });

  it.each([
    [401, { ErrorCode: 10, Message: "Bad or missing API token" }, "postmark_10", false],
    [422, { ErrorCode: 300, Message: "Invalid email request" }, "postmark_300", false],
    [429, { ErrorCode: 429, Message: "Rate limit exceeded" }, "postmark_429", true],
    [503, undefined, "http_503", true],
  ] as const)(
    "answers every message of a request refused with %i alike",
    async (status, json, code, retryable) => {
      api.answer(json ? { status, json } : { status, text: "Service Unavailable" });
      const results = await provider().sendBatch([plain(1), plain(2)]);
      expect(results).toMatchObject([
        { ok: false, code, retryable },
        { ok: false, code, retryable },
      ]);
    },
  );

  it("reads an answer without one entry per message as invalid_response for all, not retryable", async () => {
    api.answer({ status: 200, json: [{ ErrorCode: 0, Message: "OK", MessageID: "pm-1" }] });
    expect(await provider().sendBatch([plain(1), plain(2)])).toMatchObject([
      { ok: false, retryable: false, code: "invalid_response" },
      { ok: false, retryable: false, code: "invalid_response" },
    ]);
  });

  it("answers every message of a batch that timed out with the unknown outcome", async () => {
    api.answer("hang");
    const slow = postmarkProvider({ serverToken: "t", endpoint: api.url, timeoutMs: 200 });
    expect(await slow.sendBatch([plain(1), plain(2)])).toMatchObject([
      { ok: false, retryable: true, code: "timeout", unknownOutcome: true },
      { ok: false, retryable: true, code: "timeout", unknownOutcome: true },
    ]);
  });

  it("fails an invalid message alone and leaves it out of the request", async () => {
    api.answer(acceptAll);
    const before = api.received.length;
    const results = await provider().sendBatch([plain(1), { ...plain(2), to: [] }, plain(3)]);
    expect(results).toMatchObject([
      { ok: true, providerMessageId: "pm-0" },
      { ok: false, retryable: false, code: "invalid_message" },
      { ok: true, providerMessageId: "pm-1" },
    ]);
    expect(JSON.parse(since(before)[0]?.body ?? "")).toHaveLength(2);
  });
});
