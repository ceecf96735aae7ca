import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signToken, TOKEN_PURPOSES, type TokenPayload, verifyToken } from "../src/auth/signed-token";

const SECRET = "s3cr3t-for-tests-only-0123456789abcdef";
const NOW = Date.parse("2026-11-30T10:00:00Z");
const HOUR = 3_600_000;
const payload: TokenPayload = { purpose: "reset_password", subject: "usr_01JD7Q", expiresAt: NOW + HOUR };
const expecting = { purpose: "reset_password", now: NOW } as const;

const b64url = (data: string | Buffer) => Buffer.from(data).toString("base64url");
/** A token signed with Node's HMAC over any first part, independent of the code under test. */
const signedByNode = (body: string, secret = SECRET) =>
  `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;

describe("signToken / verifyToken", () => {
  it("round-trips the subject and expiry for every purpose", async () => {
    expect(TOKEN_PURPOSES).toEqual([
      "verify_email",
      "reset_password",
      "invitation",
      "export_download",
      "campaign_recipient",
    ]);
    for (const purpose of TOKEN_PURPOSES) {
      const token = await signToken(SECRET, { ...payload, purpose });
      expect(await verifyToken(SECRET, token, { purpose, now: NOW })).toEqual({
        ok: true,
        subject: payload.subject,
        expiresAt: payload.expiresAt,
      });
    }
  });

  it("is base64url(JSON) '.' base64url(HMAC-SHA256 of the first part), unpadded and URL-safe", async () => {
    // Subjects whose encodings would contain "+", "/" and "=" in standard base64.
    for (const subject of ["usr_1", "usr_12", "usr_123", "ÿÿÿ?>>>", "inv_~~~??", "a@b.example"]) {
      const token = await signToken(SECRET, { ...payload, subject });
      expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
      expect(encodeURIComponent(token)).toBe(token);
      const [body = ""] = token.split(".");
      expect(JSON.parse(Buffer.from(body, "base64url").toString("utf8"))).toEqual({ ...payload, subject });
      expect(token).toBe(signedByNode(body));
      expect(await verifyToken(SECRET, token, expecting)).toMatchObject({ ok: true, subject });
    }
  });

  it("rejects a payload changed after signing", async () => {
    const token = await signToken(SECRET, payload);
    const [, signature] = token.split(".");
    for (const changed of [
      { ...payload, subject: "usr_someone_else" },
      { ...payload, expiresAt: NOW + 1000 * HOUR },
      { ...payload, purpose: "invitation" },
    ]) {
      const forged = `${b64url(JSON.stringify(changed))}.${signature}`;
      expect(await verifyToken(SECRET, forged, expecting)).toEqual({ ok: false, reason: "bad_signature" });
    }
  });

  it("rejects a changed signature, including a second spelling of the same bytes", async () => {
    const token = await signToken(SECRET, payload);
    const [body = "", signature = ""] = token.split(".");
    const swap = (s: string, i: number, c: string) => `${s.slice(0, i)}${c}${s.slice(i + 1)}`;
    const other = (c: string | undefined) => (c === "A" ? "B" : "A");
    expect(
      await verifyToken(SECRET, `${body}.${swap(signature, 0, other(signature[0]))}`, expecting),
    ).toEqual({ ok: false, reason: "bad_signature" });
    expect(
      await verifyToken(SECRET, `${body}.${swap(signature, 42, other(signature[42]))}`, expecting),
    ).toMatchObject({ ok: false });
    // The last of 43 characters carries 4 bits and 2 unused ones: setting an unused bit keeps the bytes.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const respelled = swap(signature, 42, alphabet[alphabet.indexOf(signature[42] ?? "") ^ 1] ?? "");
    expect(Buffer.from(respelled, "base64url")).toEqual(Buffer.from(signature, "base64url"));
    expect(await verifyToken(SECRET, `${body}.${respelled}`, expecting)).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("rejects a token signed with another secret", async () => {
    const token = await signToken("another-secret-that-is-long-enough-1234", payload);
    expect(await verifyToken(SECRET, token, expecting)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("rejects a genuine token presented for another purpose", async () => {
    const token = await signToken(SECRET, { ...payload, purpose: "verify_email" });
    expect(await verifyToken(SECRET, token, expecting)).toEqual({ ok: false, reason: "wrong_purpose" });
    expect(await verifyToken(SECRET, token, { purpose: "invitation", now: NOW })).toEqual({
      ok: false,
      reason: "wrong_purpose",
    });
  });

  it("accepts a token until the millisecond before expiresAt, not at it", async () => {
    const token = await signToken(SECRET, payload);
    const at = (now: number) => verifyToken(SECRET, token, { purpose: "reset_password", now });
    expect(await at(payload.expiresAt - 1)).toMatchObject({ ok: true });
    expect(await at(payload.expiresAt)).toEqual({ ok: false, reason: "expired" });
    expect(await at(payload.expiresAt + HOUR)).toEqual({ ok: false, reason: "expired" });
  });

  it("answers malformed tokens with 'malformed', never an exception", async () => {
    const token = await signToken(SECRET, payload);
    const [body = "", signature = ""] = token.split(".");
    const malformed = [
      "",
      ".",
      "no-dot-at-all",
      body,
      `${body}.`,
      `.${signature}`,
      `${body}.${signature}.${signature}`,
      `${body}=.${signature}`,
      `${body}.${signature}=`,
      `${body.replaceAll("-", "+")}+/.${signature}`,
      `${body}.${signature.slice(0, 42)}`,
      `${body}.${signature}A`,
      `${body}.${Buffer.from(signature, "base64url").toString("base64")}A`,
      `${"x".repeat(5000)}.${signature}`,
      `%%%.${signature}`,
      `${body} .${signature}`,
      "A.A",
    ];
    for (const t of malformed) {
      const result = await verifyToken(SECRET, t, expecting);
      expect(result, JSON.stringify(t)).toEqual({ ok: false, reason: "malformed" });
    }
    expect(await verifyToken(SECRET, null as unknown as string, expecting)).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("answers a validly signed first part that is not a token payload with 'malformed'", async () => {
    const bodies = [
      b64url("not json"),
      b64url(""),
      b64url(Buffer.from([0xff, 0xfe, 0x7b, 0x7d])), // not UTF-8
      b64url("null"),
      b64url("[1,2,3]"),
      b64url('"reset_password"'),
      b64url(JSON.stringify({ purpose: "reset_password", subject: "usr_1" })),
      b64url(JSON.stringify({ purpose: "reset_password", expiresAt: NOW + HOUR })),
      b64url(JSON.stringify({ purpose: "reset_password", subject: "", expiresAt: NOW + HOUR })),
      b64url(JSON.stringify({ purpose: "reset_password", subject: 42, expiresAt: NOW + HOUR })),
      b64url(JSON.stringify({ purpose: "reset_password", subject: "usr_1", expiresAt: String(NOW + HOUR) })),
      b64url(JSON.stringify({ purpose: "reset_password", subject: "usr_1", expiresAt: NOW + 0.5 })),
      b64url('{"purpose":"reset_password","subject":"usr_1","expiresAt":1e400}'),
    ];
    for (const body of bodies) {
      const result = await verifyToken(SECRET, signedByNode(body), expecting);
      expect(result, Buffer.from(body, "base64url").toString()).toEqual({ ok: false, reason: "malformed" });
    }
    // The same construction with a well-formed payload does verify: the cases above fail on content.
    expect(await verifyToken(SECRET, signedByNode(b64url(JSON.stringify(payload))), expecting)).toMatchObject(
      {
        ok: true,
      },
    );
  });

  it("refuses a secret shorter than 32 characters and a clock that is not a number", async () => {
    const short = "x".repeat(31);
    await expect(signToken(short, payload)).rejects.toThrow(RangeError);
    await expect(verifyToken(short, "a.b", expecting)).rejects.toThrow(RangeError);
    const token = await signToken("y".repeat(32), payload);
    expect(await verifyToken("y".repeat(32), token, expecting)).toMatchObject({ ok: true });
    await expect(verifyToken(SECRET, token, { purpose: "reset_password", now: Number.NaN })).rejects.toThrow(
      TypeError,
    );
  });

  it("refuses to sign a payload it could not verify later", async () => {
    const bad = [
      { ...payload, purpose: "session" },
      { ...payload, subject: "" },
      { ...payload, expiresAt: NOW + 0.5 },
      { ...payload, expiresAt: Number.POSITIVE_INFINITY },
      { ...payload, subject: "x".repeat(4000) },
    ] as TokenPayload[];
    for (const p of bad) await expect(signToken(SECRET, p), JSON.stringify(p)).rejects.toThrow();
  });
});
