const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export type KeyEnvironment = "live" | "test";

/** A new secret key: `ep_live_` or `ep_test_` and 40 random base62 characters (≈238 bits). */
export function generateKey(environment: KeyEnvironment): string {
  // 248 is the largest multiple of 62 below 256: rejecting bytes above it keeps every character uniform.
  let secret = "";
  while (secret.length < 40) {
    for (const byte of crypto.getRandomValues(new Uint8Array(48))) {
      if (byte < 248 && secret.length < 40) secret += BASE62.charAt(byte % 62);
    }
  }
  return `ep_${environment}_${secret}`;
}

/** Keys carry enough entropy that a fast hash is safe; only this hash is stored. */
export async function hashKey(key: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}
