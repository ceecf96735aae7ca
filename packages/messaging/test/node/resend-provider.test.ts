import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailMessage } from "../../src/email/message";
import { resendProvider } from "../../src/email/resend-provider";
import { type Answer, closedUrl, loopbackApi, type Received } from "./loopback-api";

let api: Awaited<ReturnType<typeof loopbackApi>>;
beforeAll(async () => {
  api = await loopbackApi();
});
afterAll(() => api.close());

const message: EmailMessage = {
  from: { email: "news@shop.example", name: "Shop, Inc." },
  to: [{ email: "ann@example.com", name: "Ann" }, { email: "bob@example.com" }],
  cc: [{ email: "cy@example.com", name: 'Cy "the boss"' }],
  bcc: [{ email: "audit@shop.example" }],
  replyTo: { email: "help@shop.example", name: "Help" },
  subject: "Spring sale 🌷",
  text: "Hello",
  html: "<p>Hello <img src='cid:logo'></p>",
  headers: { "X-Edgepost-Message-Id": "msg_01" },
  listUnsubscribe: { url: "https://u.example/u/1", mailto: "unsub@shop.example" },
  attachments: [
    { filename: "invoice.pdf", contentType: "application/pdf", contentBase64: "JVBERi0xLjQK" },
    { filename: "logo.png", contentType: "image/png", contentBase64: "iVBORw==", contentId: "logo" },
  ],
  idempotencyKey: "msg_01",
  tags: { campaign: "spring", kind: "promo" },
};

const provider = () => resendProvider({ apiKey: "re_test_123", endpoint: api.url });

describe("resendProvider", () => {
  it("is named resend and idempotent", () => {
    expect(provider()).toMatchObject({ name: "resend", idempotent: true });
  });

  it("posts the documented JSON to /emails with the key and the Idempotency-Key", async () => {
    api.answer({ status: 200, json: { id: "49a3999c-0ce1-4ea6-ab68-afcd6dc2e794" } });
    expect(await provider().send(message)).toEqual({
      ok: true,
      providerMessageId: "49a3999c-0ce1-4ea6-ab68-afcd6dc2e794",
    });
    const request = api.last();
    expect(request.method).toBe("POST");
    expect(request.path).toBe("/emails");
    expect(request.headers.authorization).toBe("Bearer re_test_123");
    expect(request.headers["idempotency-key"]).toBe("msg_01");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(request.body)).toEqual({
      from: '"Shop, Inc." <news@shop.example>',
      to: ["Ann <ann@example.com>", "bob@example.com"],
      cc: ['"Cy \\"the boss\\"" <cy@example.com>'],
      bcc: ["audit@shop.example"],
      reply_to: "Help <help@shop.example>",
      subject: "Spring sale 🌷",
      text: "Hello",
      html: "<p>Hello <img src='cid:logo'></p>",
      headers: {
        "X-Edgepost-Message-Id": "msg_01",
        "List-Unsubscribe": "<mailto:unsub@shop.example>, <https://u.example/u/1>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      },
      attachments: [
        { filename: "invoice.pdf", content: "JVBERi0xLjQK", content_type: "application/pdf" },
        { filename: "logo.png", content: "iVBORw==", content_type: "image/png", content_id: "logo" },
      ],
      tags: [
        { name: "campaign", value: "spring" },
        { name: "kind", value: "promo" },
      ],
    });
  });

  it("leaves out what the message does not have", async () => {
    api.answer({ status: 200, json: { id: "re-2" } });
    const minimal = {
      from: { email: "a@shop.example" },
      to: [{ email: "b@example.com" }],
      subject: "S",
      text: "T",
    };
    expect(await provider().send(minimal)).toEqual({ ok: true, providerMessageId: "re-2" });
    expect(api.last().headers["idempotency-key"]).toBeUndefined();
    expect(JSON.parse(api.last().body)).toEqual({
      from: "a@shop.example",
      to: ["b@example.com"],
      subject: "S",
      text: "T",
    });
  });

  it.each([
    [422, "validation_error", false],
    [422, "missing_required_field", false],
    [422, "invalid_from_address", false],
    [403, "invalid_from_address", false],
    [403, "validation_error", false],
    [401, "missing_api_key", false],
    [403, "invalid_api_key", false],
    [409, "invalid_idempotent_request", false],
    [409, "concurrent_idempotent_requests", true],
    [429, "rate_limit_exceeded", true],
    [429, "daily_quota_exceeded", true],
    [500, "application_error", true],
    [500, "internal_server_error", true],
  ] as const)("classifies %i %s (retryable: %s)", async (status, name, retryable) => {
    api.answer({ status, json: { statusCode: status, name, message: `the ${name} message` } });
    expect(await provider().send(message)).toEqual({
      ok: false,
      retryable,
      code: `resend_${name}`,
      message: `Resend ${status} ${name}: the ${name} message`,
    });
  });

  it("classifies answers without Resend's error body by status", async () => {
    api.answer({ status: 503, text: "<html>Service Unavailable</html>" });
    expect(await provider().send(message)).toMatchObject({ ok: false, retryable: true, code: "http_503" });
    api.answer({ status: 404, text: "not found" });
    expect(await provider().send(message)).toMatchObject({ ok: false, retryable: false, code: "http_404" });
    api.answer({ status: 200, text: "OK" });
    expect(await provider().send(message)).toMatchObject({
      ok: false,
      retryable: true,
      code: "invalid_response",
    });
  });

  it("reports a refused connection as a retryable network_error", async () => {
    const down = resendProvider({ apiKey: "re_test_123", endpoint: await closedUrl() });
    expect(await down.send(message)).toMatchObject({ ok: false, retryable: true, code: "network_error" });
  });

  it("gives up after timeoutMs with a retryable timeout", async () => {
    api.answer("hang");
    const slow = resendProvider({ apiKey: "re_test_123", endpoint: api.url, timeoutMs: 200 });
    const started = Date.now();
    expect(await slow.send(message)).toEqual({
      ok: false,
      retryable: true,
      code: "timeout",
      message: "no answer within 200 ms",
      // The request went out: the provider may have taken it.
      unknownOutcome: true,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("sends nothing for an invalid message", async () => {
    const before = api.received.length;
    expect(await provider().send({ ...message, subject: "a\r\nBcc: x@example.com" })).toMatchObject({
      ok: false,
      retryable: false,
      code: "invalid_message",
    });
    expect(api.received).toHaveLength(before);
  });

  it("refuses plain http except on loopback, and a missing key", () => {
    expect(() => resendProvider({ apiKey: "re_1", endpoint: "http://api.resend.com" })).toThrow(/https/);
    expect(() => resendProvider({ apiKey: "re_1", endpoint: "http://localhost:3000" })).not.toThrow();
    expect(() => resendProvider({ apiKey: "" })).toThrow(/apiKey/);
    expect(() => resendProvider({ apiKey: "re_1", timeoutMs: 0 })).toThrow(/timeoutMs/);
  });
});

/** A message the batch endpoint takes: no attachments. */
const plain = (n: number, change: Partial<EmailMessage> = {}): EmailMessage => ({
  from: { email: "news@shop.example" },
  to: [{ email: `user${n}@example.com` }],
  subject: `Message ${n}`,
  text: `Hello ${n}`,
  headers: { "X-Edgepost-Message-Id": `msg_${n}` },
  idempotencyKey: `msg_${n}`,
  ...change,
});

/** Answers a batch as Resend does, an id per email in order, and a single send with one id. */
const resend = (request: Received): Answer => {
  const body = JSON.parse(request.body);
  if (request.path === "/emails") return { status: 200, json: { id: `re-${body.subject}` } };
  return {
    status: 200,
    json: { data: body.map((email: { subject: string }) => ({ id: `re-${email.subject}` })) },
  };
};

const since = (before: number) => api.received.slice(before);

describe("resendProvider.sendBatch", () => {
  it("posts up to 100 messages as one array to /emails/batch, with the call's key, ids in order", async () => {
    api.answer(resend);
    const before = api.received.length;
    const messages = [plain(1), plain(2), plain(3)];
    expect(await provider().sendBatch(messages, { idempotencyKey: "batch_1" })).toEqual([
      { ok: true, providerMessageId: "re-Message 1" },
      { ok: true, providerMessageId: "re-Message 2" },
      { ok: true, providerMessageId: "re-Message 3" },
    ]);
    const [request, ...more] = since(before);
    expect(more).toHaveLength(0);
    expect(request?.path).toBe("/emails/batch");
    expect(request?.headers.authorization).toBe("Bearer re_test_123");
    expect(request?.headers["idempotency-key"]).toBe("batch_1-0");
    expect(JSON.parse(request?.body ?? "")).toEqual(
      [1, 2, 3].map((n) => ({
        from: "news@shop.example",
        to: [`user${n}@example.com`],
        subject: `Message ${n}`,
        text: `Hello ${n}`,
        headers: { "X-Edgepost-Message-Id": `msg_${n}` },
      })),
    );
  });

  it("splits 150 messages into requests of 100 and 50, keyed -0 and -1", async () => {
    api.answer(resend);
    const before = api.received.length;
    const messages = Array.from({ length: 150 }, (_, n) => plain(n));
    const results = await provider().sendBatch(messages, { idempotencyKey: "batch_2" });
    expect(results.map((result) => (result.ok ? result.providerMessageId : result.code))).toEqual(
      messages.map((_, n) => `re-Message ${n}`),
    );
    const requests = since(before);
    expect(
      requests.map((request) => [request.headers["idempotency-key"], JSON.parse(request.body).length]),
    ).toEqual([
      ["batch_2-0", 100],
      ["batch_2-1", 50],
    ]);
  });

  it("sends no Idempotency-Key when the call has none", async () => {
    api.answer(resend);
    const before = api.received.length;
    expect(await provider().sendBatch([plain(1), plain(2)])).toMatchObject([{ ok: true }, { ok: true }]);
    expect(since(before).map((request) => request.headers["idempotency-key"])).toEqual([undefined]);
  });

  it("sends a message with attachments alone to /emails with its own key, the others in the batch", async () => {
    api.answer(resend);
    const before = api.received.length;
    const attached = plain(2, {
      attachments: [{ filename: "a.pdf", contentType: "application/pdf", contentBase64: "JVBERi0xLjQK" }],
    });
    expect(await provider().sendBatch([plain(1), attached, plain(3)], { idempotencyKey: "batch_3" })).toEqual(
      [
        { ok: true, providerMessageId: "re-Message 1" },
        { ok: true, providerMessageId: "re-Message 2" },
        { ok: true, providerMessageId: "re-Message 3" },
      ],
    );
    const requests = since(before);
    expect(requests.map((request) => [request.path, request.headers["idempotency-key"]])).toEqual([
      ["/emails/batch", "batch_3-0"],
      ["/emails", "msg_2"],
    ]);
    expect(JSON.parse(requests[0]?.body ?? "").map((email: { subject: string }) => email.subject)).toEqual([
      "Message 1",
      "Message 3",
    ]);
  });

  it("makes byte-identical requests when the same call is made again, so Resend answers it without sending", async () => {
    api.answer(resend);
    const messages = [
      ...Array.from({ length: 120 }, (_, n) => plain(n)),
      plain(999, { attachments: [{ filename: "a.txt", contentType: "text/plain", contentBase64: "aGk=" }] }),
    ];
    const call = async () => {
      const before = api.received.length;
      await provider().sendBatch(messages, { idempotencyKey: "batch_4" });
      return since(before).map(({ path, headers, body }) => [path, headers["idempotency-key"], body]);
    };
    const first = await call();
    expect(first).toHaveLength(3);
    expect(await call()).toEqual(first);
  });

  it("sends a batch refused for one email's content again one message at a time, each with its key", async () => {
    api.answer((request) => {
      if (request.path === "/emails/batch") {
        return {
          status: 422,
          json: { statusCode: 422, name: "validation_error", message: "Email 1: invalid `to` field." },
        };
      }
      if (JSON.parse(request.body).subject === "Message 2") {
        return {
          status: 422,
          json: { statusCode: 422, name: "validation_error", message: "Invalid `to` field." },
        };
      }
      return resend(request);
    });
    const before = api.received.length;
    expect(await provider().sendBatch([plain(1), plain(2), plain(3)], { idempotencyKey: "batch_5" })).toEqual(
      [
        { ok: true, providerMessageId: "re-Message 1" },
        {
          ok: false,
          retryable: false,
          code: "resend_validation_error",
          message: "Resend 422 validation_error: Invalid `to` field.",
        },
        { ok: true, providerMessageId: "re-Message 3" },
      ],
    );
    const requests = since(before);
    expect(requests[0]?.path).toBe("/emails/batch");
    expect(
      requests
        .slice(1)
        .map((request) => [request.path, request.headers["idempotency-key"]])
        .sort(),
    ).toEqual([
      ["/emails", "msg_1"],
      ["/emails", "msg_2"],
      ["/emails", "msg_3"],
    ]);
  });

  it.each([
    [401, "missing_api_key", false],
    [403, "invalid_api_key", false],
    [409, "invalid_idempotent_request", false],
    [409, "concurrent_idempotent_requests", true],
    [429, "rate_limit_exceeded", true],
    [500, "internal_server_error", true],
  ] as const)(
    "answers every message of the batch with a %i %s, sending none alone",
    async (status, name, retryable) => {
      api.answer({ status, json: { statusCode: status, name, message: `the ${name} message` } });
      const before = api.received.length;
      const failure = {
        ok: false,
        retryable,
        code: `resend_${name}`,
        message: `Resend ${status} ${name}: the ${name} message`,
      };
      expect(await provider().sendBatch([plain(1), plain(2)], { idempotencyKey: "batch_6" })).toEqual([
        failure,
        failure,
      ]);
      expect(since(before)).toHaveLength(1);
    },
  );

  it("answers every message of a batch that timed out with the unknown outcome", async () => {
    api.answer("hang");
    const slow = resendProvider({ apiKey: "re_test_123", endpoint: api.url, timeoutMs: 200 });
    const timeout = {
      ok: false,
      retryable: true,
      code: "timeout",
      message: "no answer within 200 ms",
      unknownOutcome: true,
    };
    expect(await slow.sendBatch([plain(1), plain(2)], { idempotencyKey: "batch_7" })).toEqual([
      timeout,
      timeout,
    ]);
  });

  it("reads an answer without one id per email as invalid_response for all, retryable only with a key", async () => {
    api.answer({ status: 200, json: { data: [{ id: "re-only-one" }] } });
    expect(await provider().sendBatch([plain(1), plain(2)], { idempotencyKey: "batch_8" })).toMatchObject([
      { ok: false, retryable: true, code: "invalid_response" },
      { ok: false, retryable: true, code: "invalid_response" },
    ]);
    api.answer({ status: 200, json: { data: [{ id: "re-1" }, {}] } });
    expect(await provider().sendBatch([plain(1), plain(2)])).toMatchObject([
      { ok: false, retryable: false, code: "invalid_response" },
      { ok: false, retryable: false, code: "invalid_response" },
    ]);
  });

  it("fails an invalid message alone and leaves it out of the request", async () => {
    api.answer(resend);
    const before = api.received.length;
    const results = await provider().sendBatch([
      plain(1),
      plain(2, { subject: "a\r\nBcc: x@example.com" }),
      plain(3),
    ]);
    expect(results).toMatchObject([
      { ok: true, providerMessageId: "re-Message 1" },
      { ok: false, retryable: false, code: "invalid_message" },
      { ok: true, providerMessageId: "re-Message 3" },
    ]);
    expect(JSON.parse(since(before)[0]?.body ?? "")).toHaveLength(2);
  });
});
