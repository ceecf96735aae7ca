import { pbkdf2Sync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  hashPassword,
  MAX_PASSWORD_BYTES,
  PBKDF2_ITERATIONS,
  verifyPassword,
  WORKERS_MAX_PBKDF2_ITERATIONS,
} from "../src/auth/password";

const PASSWORD = "correct horse battery staple";

/** A stored hash made by Node's own PBKDF2, independent of the code under test. */
function storedBy(password: string, iterations: number, salt = Buffer.alloc(16, 7)): string {
  const hash = pbkdf2Sync(password.normalize("NFKC"), salt, iterations, 32, "sha256");
  return `pbkdf2-sha256$${iterations}$${salt.toString("base64")}$${hash.toString("base64")}`;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** The same bytes spelled differently: sets an unused low bit of the last character before the padding. */
function respell(text: string, index: number): string {
  const c = BASE64[BASE64.indexOf(text[index] ?? "") ^ 1];
  return `${text.slice(0, index)}${c}${text.slice(index + 1)}`;
}

/** Replaces one base64 character of `text` at `index` by another that changes the decoded bytes. */
function flip(text: string, index: number): string {
  const c = text[index];
  return `${text.slice(0, index)}${c === "A" ? "Q" : "A"}${text.slice(index + 1)}`;
}

describe("hashPassword", () => {
  it("stays within the iteration count Cloudflare's runtime accepts (local workerd does not check it)", () => {
    expect(WORKERS_MAX_PBKDF2_ITERATIONS).toBe(100_000);
    expect(PBKDF2_ITERATIONS).toBeLessThanOrEqual(WORKERS_MAX_PBKDF2_ITERATIONS);
  });

  it("stores PBKDF2-HMAC-SHA256 with its parameters, as Node's pbkdf2 computes it", async () => {
    const stored = await hashPassword(PASSWORD);
    const match = /^pbkdf2-sha256\$(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$/.exec(stored);
    expect(match).not.toBeNull();
    const [, iterations, salt, hash] = match!;
    expect(Number(iterations)).toBe(PBKDF2_ITERATIONS);
    expect(Buffer.from(salt!, "base64")).toHaveLength(16);
    expect(stored).toBe(storedBy(PASSWORD, PBKDF2_ITERATIONS, Buffer.from(salt!, "base64")));
    expect(hash).toHaveLength(44);
  });

  it("salts every hash: the same password never gives the same string", async () => {
    const [a, b] = await Promise.all([hashPassword(PASSWORD), hashPassword(PASSWORD)]);
    expect(a).not.toBe(b);
    expect(a.split("$")[2]).not.toBe(b.split("$")[2]);
  });

  it("refuses passwords over 1024 UTF-8 bytes, however few characters they have", async () => {
    expect(MAX_PASSWORD_BYTES).toBe(1024);
    await expect(hashPassword("x".repeat(1025))).rejects.toThrow(RangeError);
    await expect(hashPassword("€".repeat(342))).rejects.toThrow(RangeError); // 342 chars, 1026 bytes
    await expect(hashPassword("x".repeat(10_000_000))).rejects.toThrow(RangeError);
    const longest = "x".repeat(1024);
    expect(await verifyPassword(longest, await hashPassword(longest))).toEqual({
      ok: true,
      needsRehash: false,
    });
  });
});

describe("verifyPassword", () => {
  it("accepts the password it was given and nothing else", async () => {
    const stored = await hashPassword(PASSWORD);
    expect(await verifyPassword(PASSWORD, stored)).toEqual({ ok: true, needsRehash: false });
    expect(await verifyPassword("correct horse battery stapler", stored)).toEqual({
      ok: false,
      needsRehash: false,
    });
    expect(await verifyPassword(PASSWORD.toUpperCase(), stored)).toEqual({ ok: false, needsRehash: false });
    expect(await verifyPassword("", stored)).toEqual({ ok: false, needsRehash: false });
  });

  it("treats the same text typed with composed or decomposed accents as one password", async () => {
    const stored = await hashPassword("mot de passe d\u00e9j\u00e0 vu");
    expect(await verifyPassword("mot de passe de\u0301ja\u0300 vu", stored)).toEqual({
      ok: true,
      needsRehash: false,
    });
  });

  it("asks for a rehash of a correct password stored with another iteration count", async () => {
    const old = storedBy(PASSWORD, 1_000);
    expect(await verifyPassword(PASSWORD, old)).toEqual({ ok: true, needsRehash: true });
    expect(await verifyPassword("wrong password!", old)).toEqual({ ok: false, needsRehash: false });
    const current = storedBy(PASSWORD, PBKDF2_ITERATIONS);
    expect(await verifyPassword(PASSWORD, current)).toEqual({ ok: true, needsRehash: false });
  });

  it("refuses a stored string whose iterations, salt or hash were tampered with", async () => {
    const stored = await hashPassword(PASSWORD);
    const [scheme, iterations, salt = "", hash = ""] = stored.split("$");
    const tampered = [
      [scheme, "99999", salt, hash],
      [scheme, "1000", salt, hash],
      [scheme, iterations, flip(salt, 0), hash],
      [scheme, iterations, flip(salt, 20), hash],
      [scheme, iterations, salt, flip(hash, 0)],
      [scheme, iterations, salt, flip(hash, 42)],
      [scheme, iterations, hash, salt],
    ].map((parts) => parts.join("$"));
    for (const s of tampered) {
      expect(await verifyPassword(PASSWORD, s), s).toEqual({ ok: false, needsRehash: false });
    }
  });

  it("answers a malformed stored string with a mismatch, never an exception", async () => {
    const good = storedBy(PASSWORD, 1_000);
    const [, , salt = "", hash = ""] = good.split("$");
    // The respelled salt and hash below decode to the very bytes that verify.
    expect(Buffer.from(respell(salt, 21), "base64")).toEqual(Buffer.from(salt, "base64"));
    expect(Buffer.from(respell(hash, 42), "base64")).toEqual(Buffer.from(hash, "base64"));
    expect(await verifyPassword(PASSWORD, good)).toEqual({ ok: true, needsRehash: true });
    const malformed = [
      "",
      "$",
      "pbkdf2-sha256",
      "not a hash at all",
      good.replace("pbkdf2-sha256", "pbkdf2-sha512"),
      good.replace("pbkdf2-sha256", "PBKDF2-SHA256"),
      `${good}$`,
      ` ${good}`,
      `${good}\n`,
      `pbkdf2-sha256$1000$${salt}`,
      `pbkdf2-sha256$1000$${salt}$${hash}$extra`,
      `pbkdf2-sha256$0$${salt}$${hash}`,
      `pbkdf2-sha256$-1000$${salt}$${hash}`,
      `pbkdf2-sha256$01000$${salt}$${hash}`,
      `pbkdf2-sha256$1e3$${salt}$${hash}`,
      `pbkdf2-sha256$1000.0$${salt}$${hash}`,
      `pbkdf2-sha256$100001$${salt}$${hash}`, // over the runtime's cap
      `pbkdf2-sha256$4294967296$${salt}$${hash}`,
      `pbkdf2-sha256$1000$${salt.replace("==", "")}$${hash}`, // unpadded
      `pbkdf2-sha256$1000$${salt}$${hash.slice(0, -2)}=`, // 31 bytes
      `pbkdf2-sha256$1000$${respell(salt, 21)}$${hash}`, // same bytes, non-canonical spelling
      `pbkdf2-sha256$1000$${salt}$${respell(hash, 42)}`,
      `pbkdf2-sha256$1000$${"_".repeat(22)}==$${hash}`, // base64url alphabet
      `pbkdf2-sha256$1000$${"!".repeat(22)}==$${hash}`,
    ];
    for (const s of malformed) {
      expect(await verifyPassword(PASSWORD, s), JSON.stringify(s)).toEqual({ ok: false, needsRehash: false });
    }
    // The type says string; a missing column must still not throw.
    expect(await verifyPassword(PASSWORD, null as unknown as string)).toEqual({
      ok: false,
      needsRehash: false,
    });
  });

  it("refuses a stored count above the runtime's cap even when the hash matches", async () => {
    // Cloudflare would throw on deriving it; refusing up front also bounds what a bad row costs.
    expect(await verifyPassword(PASSWORD, storedBy(PASSWORD, 100_001))).toEqual({
      ok: false,
      needsRehash: false,
    });
  });

  it("answers an overlong password with a mismatch instead of deriving from it", async () => {
    const stored = await hashPassword(PASSWORD);
    expect(await verifyPassword("x".repeat(1025), stored)).toEqual({ ok: false, needsRehash: false });
    expect(await verifyPassword("x".repeat(10_000_000), stored)).toEqual({ ok: false, needsRehash: false });
  });
});

describe("the sign-in decoy", () => {
  it("costs what a real hash costs, so unknown addresses answer as slowly as wrong passwords", async () => {
    const { DECOY_HASH } = await import("../src/auth/sign-in");
    expect(DECOY_HASH.split("$")[1]).toBe(String(PBKDF2_ITERATIONS));
    expect(await verifyPassword("anything", DECOY_HASH)).toEqual({ ok: false, needsRehash: false });
  });
});
