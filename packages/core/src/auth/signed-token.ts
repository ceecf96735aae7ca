/**
 * Signed tokens for links in emails: `base64url(JSON payload) + "." + base64url(HMAC-SHA256)`, the
 * MAC taken over the first part as sent, both parts unpadded so the token is URL-safe as is. The
 * purpose is inside the signed payload, so one secret serves every purpose and a token minted for
 * one can never pass for another. Tokens are stateless: single use (a reset link that stops
 * working once used) is the caller's to enforce, e.g. with a stored record named by the subject.
 */

export const TOKEN_PURPOSES = [
  "verify_email",
  "reset_password",
  "invitation",
  "export_download",
  "campaign_recipient",
] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

export interface TokenPayload {
  purpose: TokenPurpose;
  subject: string;
  /** Milliseconds since the epoch; the token is expired from this instant on. */
  expiresAt: number;
}

export type VerifiedToken =
  | { ok: true; subject: string; expiresAt: number }
  | { ok: false; reason: "malformed" | "bad_signature" | "wrong_purpose" | "expired" };

const MIN_SECRET_LENGTH = 32;
/** Far above any real token: longer input is refused before any work is done on it. */
const MAX_TOKEN_LENGTH = 4096;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
// 32 bytes are 43 unpadded base64url characters.
const SIGNATURE = /^[A-Za-z0-9_-]{43}$/;

const encoder = new TextEncoder();

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Only the canonical encoding, so that no second spelling of a signature is accepted. */
function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!BASE64URL.test(text)) return undefined;
  let binary: string;
  try {
    binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    return undefined;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return toBase64Url(bytes) === text ? bytes : undefined;
}

/**
 * The imported key of the last secret used: an isolate signs and checks every link with the same
 * secret, and importing it again for each one would cost more than the HMAC itself (the open pixel).
 */
let lastKey: { secret: string; key: Promise<CryptoKey> } | undefined;

function hmacKey(secret: string): Promise<CryptoKey> {
  if (typeof secret !== "string" || secret.length < MIN_SECRET_LENGTH) {
    throw new RangeError(`the token secret must be at least ${MIN_SECRET_LENGTH} characters long`);
  }
  if (lastKey?.secret !== secret) {
    const key = crypto.subtle.importKey(
      "raw",
      encoder.encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
    lastKey = { secret, key };
  }
  return lastKey.key;
}

function isPurpose(value: unknown): value is TokenPurpose {
  return TOKEN_PURPOSES.some((purpose) => purpose === value);
}

/** Throws on a short secret or a payload that could not be verified later. */
export async function signToken(secret: string, payload: TokenPayload): Promise<string> {
  const key = await hmacKey(secret);
  const { purpose, subject, expiresAt } = payload;
  if (!isPurpose(purpose)) throw new TypeError(`unknown token purpose: ${String(purpose)}`);
  if (typeof subject !== "string" || subject === "") throw new TypeError("a token needs a subject");
  if (!Number.isSafeInteger(expiresAt)) throw new TypeError("expiresAt must be an integer (ms epoch)");
  const body = toBase64Url(encoder.encode(JSON.stringify({ purpose, subject, expiresAt })));
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(body));
  const token = `${body}.${toBase64Url(new Uint8Array(mac))}`;
  if (token.length > MAX_TOKEN_LENGTH) throw new RangeError("the token subject is too long");
  return token;
}

function readPayload(body: string): { purpose: unknown; subject: string; expiresAt: number } | undefined {
  const bytes = fromBase64Url(body);
  if (bytes === undefined) return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof payload !== "object" || payload === null) return undefined;
  const { purpose, subject, expiresAt } = payload as Record<string, unknown>;
  if (typeof subject !== "string" || subject === "") return undefined;
  if (typeof expiresAt !== "number" || !Number.isSafeInteger(expiresAt)) return undefined;
  return { purpose, subject, expiresAt };
}

/**
 * Checks the signature (in constant time, by `crypto.subtle.verify`) before reading anything from
 * the payload, then the purpose, then the expiry. Any token string gets an answer, never an
 * exception; a short secret or a `now` that is not a number throws.
 */
export async function verifyToken(
  secret: string,
  token: string,
  expected: { purpose: TokenPurpose; now: number },
): Promise<VerifiedToken> {
  const key = await hmacKey(secret);
  if (!Number.isFinite(expected.now)) throw new TypeError("now must be a finite number (ms epoch)");
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "malformed" };
  const parts = token.split(".");
  const [body = "", signatureText = ""] = parts;
  const signature = SIGNATURE.test(signatureText) ? fromBase64Url(signatureText) : undefined;
  if (parts.length !== 2 || !BASE64URL.test(body) || signature === undefined) {
    return { ok: false, reason: "malformed" };
  }
  if (!(await crypto.subtle.verify("HMAC", key, signature, encoder.encode(body)))) {
    return { ok: false, reason: "bad_signature" };
  }
  const payload = readPayload(body);
  if (payload === undefined) return { ok: false, reason: "malformed" };
  if (payload.purpose !== expected.purpose) return { ok: false, reason: "wrong_purpose" };
  if (expected.now >= payload.expiresAt) return { ok: false, reason: "expired" };
  return { ok: true, subject: payload.subject, expiresAt: payload.expiresAt };
}
