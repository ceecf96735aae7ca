const encoder = new TextEncoder();
const decoder = new TextDecoder();

const toBase64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));
const fromBase64 = (text: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** Keys derived so far in this isolate, by purpose and secret (a rotated secret derives anew). */
const derived = new Map<string, Promise<CryptoKey>>();

/**
 * An AES-256-GCM key for one purpose, derived (HKDF-SHA256) from the platform's signing secret, so
 * one configured secret yields independent keys: a key for DKIM keys cannot open provider credentials.
 * Derived once per isolate: the delivery worker opens every batch's provider credentials with it.
 */
function keyFor(secret: string, purpose: string): Promise<CryptoKey> {
  const id = `${purpose}\n${secret}`;
  let key = derived.get(id);
  if (!key) {
    key = crypto.subtle
      .importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"])
      .then((material) =>
        crypto.subtle.deriveKey(
          {
            name: "HKDF",
            hash: "SHA-256",
            salt: new Uint8Array(32),
            info: encoder.encode(`edgepost:${purpose}`),
          },
          material,
          { name: "AES-GCM", length: 256 },
          false,
          ["encrypt", "decrypt"],
        ),
      );
    key.catch(() => derived.delete(id));
    derived.set(id, key);
  }
  return key;
}

/** Encrypts a secret for storage: `v1.<iv>.<ciphertext+tag>`, base64; `purpose` binds it to its use. */
export async function seal(secret: string, purpose: string, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await keyFor(secret, purpose);
  const data = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: encoder.encode(purpose) },
      key,
      encoder.encode(plaintext),
    ),
  );
  return `v1.${toBase64(iv)}.${toBase64(data)}`;
}

/** Decrypts what {@link seal} made with the same secret and purpose; throws if it was altered. */
export async function unseal(secret: string, purpose: string, sealed: string): Promise<string> {
  const [version, iv, data] = sealed.split(".");
  if (version !== "v1" || iv === undefined || data === undefined) throw new Error("not a sealed value");
  const key = await keyFor(secret, purpose);
  const plain = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64(iv), additionalData: encoder.encode(purpose) },
    key,
    fromBase64(data),
  );
  return decoder.decode(plain);
}
