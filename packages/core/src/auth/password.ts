/**
 * Password hashing: PBKDF2-HMAC-SHA256 through WebCrypto, the slowest KDF the Workers runtime offers
 * (docs/adr/0003-password-hashing.md). Stored as `pbkdf2-sha256$<iterations>$<salt>$<hash>`, salt and
 * hash in standard padded base64, so that the cost can be raised later: `verifyPassword` derives with
 * the stored count and says when the hash should be replaced.
 */

/**
 * Cloudflare's production runtime refuses PBKDF2 above 100,000 iterations ("Pbkdf2 failed: iteration
 * counts above 100000 are not supported"); the open-source workerd used by miniflare and wrangler dev
 * lifts that cap, so no local test can catch a larger value (cloudflare/workerd#1346, #1471).
 */
export const WORKERS_MAX_PBKDF2_ITERATIONS = 100_000;
/** The cost of new hashes: the most the Workers runtime allows in one derivation. */
export const PBKDF2_ITERATIONS = WORKERS_MAX_PBKDF2_ITERATIONS;
/** Above this many UTF-8 bytes `hashPassword` refuses; callers' schemas stop long before. */
export const MAX_PASSWORD_BYTES = 1024;

const SCHEME = "pbkdf2-sha256";
const SALT_BYTES = 16;
const HASH_BYTES = 32;
// 16 bytes are 24 base64 characters ending in "==", 32 bytes are 44 ending in "=".
const STORED = /^pbkdf2-sha256\$([1-9][0-9]{0,5})\$([A-Za-z0-9+/]{22}==)\$([A-Za-z0-9+/]{43}=)$/;
const REJECTED = { ok: false, needsRehash: false } as const;

/**
 * NFKC first (NIST SP 800-63B), so that "é" typed as one code point or as e + accent is the same
 * password; `undefined` when the result is longer than MAX_PASSWORD_BYTES.
 */
function passwordBytes(password: string): Uint8Array<ArrayBuffer> | undefined {
  // A UTF-8 encoding is never shorter than the string's UTF-16 length: refuse huge input before
  // normalising it.
  if (password.length > MAX_PASSWORD_BYTES) return undefined;
  const bytes = new Uint8Array(new TextEncoder().encode(password.normalize("NFKC")));
  return bytes.length > MAX_PASSWORD_BYTES ? undefined : bytes;
}

async function derive(
  password: Uint8Array<ArrayBuffer>,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", password, "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations },
    key,
    HASH_BYTES * 8,
  );
  return new Uint8Array(bits);
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Only the canonical encoding: no other spelling of the same bytes is accepted. */
function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return undefined;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return toBase64(bytes) === text ? bytes : undefined;
}

/** Reads every byte whatever the differences, so the time taken says nothing about where they are. */
function equalInConstantTime(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false; // both are HASH_BYTES long: the length is no secret
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

function parse(
  stored: string,
): { iterations: number; salt: Uint8Array<ArrayBuffer>; hash: Uint8Array } | undefined {
  const match = typeof stored === "string" ? STORED.exec(stored) : null;
  if (!match) return undefined;
  const [, count = "", saltText = "", hashText = ""] = match;
  const iterations = Number(count);
  // Above the cap the derivation would fail in production; refusing it also bounds the work a
  // tampered row can ask for.
  if (iterations > WORKERS_MAX_PBKDF2_ITERATIONS) return undefined;
  const salt = fromBase64(saltText);
  const hash = fromBase64(hashText);
  if (salt?.length !== SALT_BYTES || hash?.length !== HASH_BYTES) return undefined;
  return { iterations, salt, hash };
}

/** A new hash with a random salt. Throws a RangeError for passwords over MAX_PASSWORD_BYTES. */
export async function hashPassword(password: string): Promise<string> {
  const bytes = passwordBytes(password);
  if (bytes === undefined) {
    throw new RangeError(`a password may be at most ${MAX_PASSWORD_BYTES} bytes long`);
  }
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(bytes, salt, PBKDF2_ITERATIONS);
  return `${SCHEME}$${PBKDF2_ITERATIONS}$${toBase64(salt)}$${toBase64(hash)}`;
}

/**
 * Whether `password` matches `stored`, and whether `stored` should be replaced by a fresh
 * `hashPassword(password)` (its iteration count is not the current one). A malformed `stored` is a
 * mismatch, never an exception.
 */
export async function verifyPassword(
  password: string,
  stored: string,
): Promise<{ ok: boolean; needsRehash: boolean }> {
  const parsed = parse(stored);
  const bytes = typeof password === "string" ? passwordBytes(password) : undefined;
  if (parsed === undefined || bytes === undefined) return REJECTED;
  const derived = await derive(bytes, parsed.salt, parsed.iterations);
  if (!equalInConstantTime(derived, parsed.hash)) return REJECTED;
  return { ok: true, needsRehash: parsed.iterations !== PBKDF2_ITERATIONS };
}
