import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmailMessage } from "../../src/email/message";
import { resendProvider } from "../../src/email/resend-provider";
import { closedUrl, loopbackApi } from "./loopback-api";

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
