const toBase64 = (buffer: ArrayBuffer): string => btoa(String.fromCharCode(...new Uint8Array(buffer)));

/**
 * A new DKIM key pair, RSA 2048 (RSASSA-PKCS1-v1_5, SHA-256), base64 without PEM armour: the
 * PKCS#8 private key (to seal) and the SPKI public key (the `p=` of the DKIM record).
 */
export async function generateDkimKeyPair(): Promise<{ privateKeyPkcs8: string; publicKeySpki: string }> {
  const pair = (await crypto.subtle.generateKey(
    {
      name: "RSASSA-PKCS1-v1_5",
      modulusLength: 2048,
      publicExponent: new Uint8Array([1, 0, 1]),
      hash: "SHA-256",
    },
    true,
    ["sign", "verify"],
  )) as CryptoKeyPair;
  const [pkcs8, spki] = await Promise.all([
    crypto.subtle.exportKey("pkcs8", pair.privateKey) as Promise<ArrayBuffer>,
    crypto.subtle.exportKey("spki", pair.publicKey) as Promise<ArrayBuffer>,
  ]);
  return { privateKeyPkcs8: toBase64(pkcs8), publicKeySpki: toBase64(spki) };
}
