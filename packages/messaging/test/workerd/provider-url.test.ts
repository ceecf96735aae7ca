import { describe, expect, inject, it } from "vitest";
import { type EmailMessage, emailProviderFromUrl, InjectedCrash, providerKind } from "../../src/index";

/** Stand-in SES/Postmark/Resend API started by test/node/global-setup.ts. */
const api = inject("providerApi");
const endpoint = encodeURIComponent(api);

interface LastRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}
const lastRequest = async (): Promise<LastRequest> => (await fetch(`${api}/last`)).json();

const message: EmailMessage = {
  from: { email: "news@shop.example", name: "Shop" },
  to: [{ email: "ann@example.com" }],
  bcc: [{ email: "audit@shop.example" }],
  subject: "Grüße",
  text: "Hello",
  attachments: [{ filename: "a.txt", contentType: "text/plain", contentBase64: "aGk=" }],
  idempotencyKey: "msg_1",
};

describe("emailProviderFromUrl, sending from inside workerd", () => {
  it("smtp:// and smtps:// are the SMTP provider", () => {
    expect(emailProviderFromUrl("smtp://127.0.0.1:1025?security=none")).toMatchObject({
      name: "smtp",
      idempotent: false,
    });
    expect(emailProviderFromUrl("smtps://user:p%40ss@relay.example")).toMatchObject({ name: "smtp" });
  });

  it("ses://KEY_ID:SECRET@region: SigV4 (WebCrypto) with the decoded secret, raw MIME in base64", async () => {
    const provider = emailProviderFromUrl(
      `ses://AKIDEXAMPLE:secret%2Fkey%2B1@eu-central-1?endpoint=${endpoint}&timeout=5000`,
    );
    expect(provider).toMatchObject({ name: "ses", idempotent: false });
    expect(await provider.send(message)).toEqual({ ok: true, providerMessageId: "ses-message-1" });
    const request = await lastRequest();
    expect(request.path).toBe("/v2/email/outbound-emails");
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/ses\/aws4_request, SignedHeaders=host;x-amz-date, Signature=[0-9a-f]{64}$/,
    );
    const body = JSON.parse(request.body);
    expect(body.Destination).toEqual({
      ToAddresses: ["ann@example.com"],
      BccAddresses: ["audit@shop.example"],
    });
    const raw = new TextDecoder().decode(
      Uint8Array.from(atob(body.Content.Raw.Data), (c) => c.charCodeAt(0)),
    );
    expect(raw).toMatch(/^Date: /);
    expect(raw).toContain('Content-Disposition: attachment; filename="a.txt"');
    expect(raw).not.toContain("audit@shop.example");
  });

  it("postmark://TOKEN@host with the decoded token and the message stream", async () => {
    const provider = emailProviderFromUrl(
      `postmark://tok%2Fen@api.postmarkapp.com?endpoint=${endpoint}&stream=broadcast`,
    );
    expect(provider).toMatchObject({ name: "postmark", idempotent: false });
    expect(await provider.send(message)).toEqual({ ok: true, providerMessageId: "pm-1" });
    const request = await lastRequest();
    expect(request.path).toBe("/email");
    expect(request.headers["x-postmark-server-token"]).toBe("tok/en");
    expect(JSON.parse(request.body)).toMatchObject({ MessageStream: "broadcast", Bcc: "audit@shop.example" });
  });

  it("resend://KEY@host with the decoded key and the Idempotency-Key", async () => {
    const provider = emailProviderFromUrl(`resend://re_abc%2B1@api.resend.com?endpoint=${endpoint}`);
    expect(provider).toMatchObject({ name: "resend", idempotent: true });
    expect(await provider.send(message)).toEqual({ ok: true, providerMessageId: "re-1" });
    const request = await lastRequest();
    expect(request.path).toBe("/emails");
    expect(request.headers.authorization).toBe("Bearer re_abc+1");
    expect(request.headers["idempotency-key"]).toBe("msg_1");
  });

  it("a silent API → retryable timeout (AbortSignal.timeout)", async () => {
    // A closed port is left to the Node tests: workerd's test runtime logs every refused fetch as uncaught.
    const silent = encodeURIComponent(`${api}/slow`);
    const slow = emailProviderFromUrl(`resend://re_key@api.resend.com?endpoint=${silent}&timeout=300`);
    expect(await slow.send(message)).toMatchObject({ ok: false, retryable: true, code: "timeout" });
  });

  it("fault://?inner=<percent-encoded URL> wraps another provider", async () => {
    const inner = encodeURIComponent(`resend://re_key@api.resend.com?endpoint=${endpoint}`);
    const failing = emailProviderFromUrl(`fault://?inner=${inner}&transient=0.5&permanent=0.5`);
    expect(failing).toMatchObject({ name: "fault", idempotent: true });
    expect(await failing.send(message)).toMatchObject({
      ok: false,
      code: expect.stringMatching(/^injected_/),
    });
    const timingOut = emailProviderFromUrl(`fault://?inner=${inner}&timeout=1&latencyMs=20`);
    expect(await timingOut.send(message)).toMatchObject({ ok: false, retryable: true, code: "timeout" });
    const passing = emailProviderFromUrl(
      `fault://?inner=${inner}&transient=0&permanent=0&timeout=0&latencyMs=0&crash=0`,
    );
    expect(await passing.send(message)).toEqual({ ok: true, providerMessageId: "re-1" });
    const crashing = emailProviderFromUrl(`fault://?inner=${inner}&crash=1`);
    const crash = await crashing.send(message).catch((error: unknown) => error);
    expect(crash).toBeInstanceOf(InjectedCrash);
    expect(crash).toMatchObject({ providerMessageId: "re-1" });
  });

  it.each([
    ["https://user:hunter2@api.example", /scheme must be smtp, smtps, ses, postmark, resend or fault/],
    ["hunter2", /not a URL/],
    ["ses://AKID:hun/ter2@eu-west-1", /not a URL/],
    ["ses://AKID:hunter2@Frankfurt", /region/],
    ["ses://hunter2@eu-west-1", /credentials go before the region/],
    ["ses://AKID:hunter2@eu-west-1?region=x", /unknown parameter region/],
    ["ses://AKID:hunter2@eu-west-1?endpoint=http://ses.example", /https/],
    ["ses://AKID:hunter2%zz@eu-west-1", /percent-encoding/],
    ["postmark://api.postmarkapp.com", /server token goes in the user part/],
    ["postmark://user:hunter2@api.postmarkapp.com", /only the server token/],
    ["postmark://hunter2@api.postmarkapp.com?stream=a%20b", /messageStream/],
    ["postmark://hunter2@api.postmarkapp.com/email", /path/],
    ["resend://hunter2@api.resend.com?timeout=soon", /timeout must be a number/],
    ["resend://hunter2@api.resend.com?timeout=0", /timeoutMs/],
    ["fault://?transient=0.5", /needs inner=/],
    ["fault://?inner=resend%3A%2F%2Fhunter2%40api.resend.com&transient=2", /transientRate/],
    ["fault://?inner=resend%3A%2F%2Fhunter2%40api.resend.com&chaos=1", /unknown parameter chaos/],
    ["smtp://user:hunter2@relay.example?security=ssl", /Invalid SMTP/],
  ])("refuses %s, naming the problem without the secret", (url, problem) => {
    expect(() => emailProviderFromUrl(url)).toThrow(problem);
    expect(() => emailProviderFromUrl(url)).not.toThrow(/hunter2|hun\/ter2/);
  });
});

describe("providerKind", () => {
  it("names the provider without its credentials, and checks the URL", () => {
    expect(providerKind("smtps://user:secret@relay.example")).toBe("smtp");
    expect(providerKind("ses://AKID:secret@us-east-1")).toBe("ses");
    expect(providerKind("postmark://secret@api.postmarkapp.com")).toBe("postmark");
    expect(providerKind("resend://secret@api.resend.com")).toBe("resend");
    expect(providerKind(`fault://?inner=${encodeURIComponent("resend://secret@api.resend.com")}`)).toBe(
      "fault",
    );
    expect(() => providerKind("resend://api.resend.com")).toThrow(/API key/);
  });
});
