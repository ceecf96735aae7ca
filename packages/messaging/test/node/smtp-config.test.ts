import { describe, expect, it } from "vitest";
import { parseSmtpConfig, smtpConfigFromUrl } from "../../src/email/smtp-config";

describe("smtpConfigFromUrl", () => {
  it("reads user, password, host, port and security, percent-decoding the credentials", () => {
    expect(
      smtpConfigFromUrl("smtp://apikey:p%40ss%3Aw%C3%B6rd@smtp.relay.example:2525?security=starttls"),
    ).toEqual({
      host: "smtp.relay.example",
      port: 2525,
      security: "starttls",
      username: "apikey",
      password: "p@ss:wörd",
      timeoutMs: 15_000,
    });
  });

  it("defaults to STARTTLS on 587 for smtp:, TLS on 465 for smtps:", () => {
    expect(smtpConfigFromUrl("smtp://relay.example")).toMatchObject({ security: "starttls", port: 587 });
    expect(smtpConfigFromUrl("smtps://relay.example")).toMatchObject({ security: "tls", port: 465 });
    expect(smtpConfigFromUrl("smtp://relay.example?security=none")).toMatchObject({
      security: "none",
      port: 587,
    });
    expect(smtpConfigFromUrl("smtp://127.0.0.1:1025?security=none")).toEqual({
      host: "127.0.0.1",
      port: 1025,
      security: "none",
      timeoutMs: 15_000,
    });
  });

  it("takes helo and timeout parameters and IPv6 hosts", () => {
    expect(
      smtpConfigFromUrl("smtp://[::1]:2525?security=none&helo=mx.edgepost.example&timeout=5000"),
    ).toEqual({
      host: "::1",
      port: 2525,
      security: "none",
      heloName: "mx.edgepost.example",
      timeoutMs: 5000,
    });
  });

  it("refuses other schemes, unknown parameters and bad values without echoing the password", () => {
    const attempts = [
      "https://user:hunter2@relay.example",
      "smtp://user:hunter2@relay.example?securty=none",
      "smtp://user:hunter2@relay.example?security=ssl",
      "smtp://user:hunter2@relay.example?timeout=soon",
      "not a url hunter2",
    ];
    for (const url of attempts) {
      expect(() => smtpConfigFromUrl(url)).toThrow(/Invalid SMTP/);
      expect(() => smtpConfigFromUrl(url)).not.toThrow(/hunter2/);
    }
  });
});

describe("parseSmtpConfig", () => {
  it("wants username and password together and a sane port", () => {
    expect(() =>
      parseSmtpConfig({ host: "relay.example", port: 25, security: "none", username: "u" }),
    ).toThrow(/password: username and password go together/);
    expect(() => parseSmtpConfig({ host: "relay.example", port: 0, security: "none" })).toThrow(/port/);
    expect(() => parseSmtpConfig({ host: "relay example", port: 25, security: "none" })).toThrow(/host/);
  });
});
