/**
 * DKIM signatures (RFC 6376) for the messages the platform sends from a customer's verified domain:
 * rsa-sha256, relaxed/relaxed canonicalisation, WebCrypto only (runs in workerd).
 */
import { bytesToBase64 } from "./header-encoding";

/**
 * WebCrypto's CryptoKey, named through `crypto.subtle` so that this module type-checks both with
 * the Workers types and with Node's (whose CryptoKey is not a global).
 */
export type DkimCryptoKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

/** The signing domain (d=), the selector (s=) and the private key whose public half is in DNS. */
export interface DkimKey {
  domain: string;
  selector: string;
  privateKey: DkimCryptoKey;
}

export interface DkimSignOptions {
  /** Header fields to sign when present (default {@link DKIM_SIGNED_HEADERS}); From is always signed. */
  headers?: string[];
  /** The signature timestamp (t=); now by default. */
  now?: Date;
}

/** The header fields signed by default, in h= order, each only when the message has it. */
const DKIM_SIGNED_HEADERS: readonly string[] = [
  "From",
  "To",
  "Cc",
  "Subject",
  "Date",
  "Message-ID",
  "Reply-To",
  "MIME-Version",
  "Content-Type",
  "List-Unsubscribe",
  "List-Unsubscribe-Post",
];

const ALGORITHM = "RSASSA-PKCS1-v1_5";
/** RFC 8301: verifiers must refuse RSA keys under 1024 bits; 2048 is what we generate. */
const MIN_MODULUS_BITS = 1024;
const FOLD_AT = 78;
/** A DNS name of letters, digits and hyphens (an IDN domain goes in its A-label form). */
const DNS_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
/** RFC 5322 ftext: printable ASCII except the colon. */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;
const encoder = new TextEncoder();

interface HeaderField {
  /** Lower-cased field name. */
  key: string;
  /** The whole field as it appears, folds included, without its final CRLF. */
  raw: string;
}

/** Splits a header block (no final CRLF) into fields, continuation lines joined to theirs. */
function parseHeaderFields(block: string): HeaderField[] {
  const fields: HeaderField[] = [];
  for (const line of block.split("\r\n")) {
    const last = fields.at(-1);
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (last === undefined) throw new Error("DKIM: the message starts with a continuation line");
      last.raw += `\r\n${line}`;
      continue;
    }
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon).replace(/[ \t]+$/, "") : "";
    if (!FIELD_NAME.test(name))
      throw new Error(`DKIM: not a header field: ${JSON.stringify(line.slice(0, 40))}`);
    fields.push({ key: name.toLowerCase(), raw: line });
  }
  return fields;
}

/**
 * Relaxed header canonicalisation (RFC 6376 3.4.2): lower-case name, unfolded value, runs of
 * SP/HTAB as one SP, no whitespace around the colon or at the end; no CRLF appended.
 */
function relaxedHeader(raw: string): string {
  const colon = raw.indexOf(":");
  const name = raw
    .slice(0, colon)
    .replace(/[ \t]+$/, "")
    .toLowerCase();
  const value = raw
    .slice(colon + 1)
    .replace(/\r\n/g, "")
    .replace(/[ \t]+/g, " ")
    .replace(/^ | $/g, "");
  return `${name}:${value}`;
}

/**
 * Relaxed body canonicalisation (RFC 6376 3.4.4, with errata 1384 and 1377): runs of SP/HTAB as
 * one SP, none at the end of a line, then every empty line at the end dropped; a non-empty body
 * ends with one CRLF, an empty one stays empty.
 */
function relaxedBody(body: string): string {
  let out = body.replace(/[ \t]+/g, " ").replace(/ \r\n/g, "\r\n");
  if (out.endsWith(" ")) out = out.slice(0, -1);
  let end = out.length;
  while (end >= 2 && out.charCodeAt(end - 2) === 13 && out.charCodeAt(end - 1) === 10) end -= 2;
  return end === 0 ? "" : `${out.slice(0, end)}\r\n`;
}

/**
 * The DKIM-Signature field with an empty b=, tags folded before a tag (or after a colon of h=)
 * so that lines stay ≤ 78 characters; `lastLineLength` is where b='s value will start.
 */
function unsignedHeader(tags: string[][]): { text: string; lastLineLength: number } {
  let text = "DKIM-Signature:";
  let lineLength = text.length;
  for (const [index, atoms] of tags.entries()) {
    for (const [position, atom] of atoms.entries()) {
      const piece = position === 0 ? ` ${atom}` : atom;
      const semicolon = position === atoms.length - 1 && index < tags.length - 1 ? 1 : 0;
      if (lineLength + piece.length + semicolon > FOLD_AT && lineLength > 1) {
        text += `\r\n ${piece.trimStart()}`;
        lineLength = 1 + piece.trimStart().length;
      } else {
        text += piece;
        lineLength += piece.length;
      }
    }
    if (index < tags.length - 1) {
      text += ";";
      lineLength += 1;
    }
  }
  return { text, lastLineLength: lineLength };
}

/** b='s value cut to finish the current line, then in lines of 78 with their folding space. */
function foldSignature(signature: string, lastLineLength: number): string {
  const first = Math.max(0, FOLD_AT - lastLineLength);
  const parts = [signature.slice(0, first)];
  for (let start = first; start < signature.length; start += FOLD_AT - 1) {
    parts.push(signature.slice(start, start + FOLD_AT - 1));
  }
  return parts.filter((part, index) => index === 0 || part !== "").join("\r\n ");
}

function checkKey(key: DkimKey): void {
  if (!DNS_NAME.test(key.domain))
    throw new Error(`DKIM: invalid signing domain ${JSON.stringify(key.domain)}`);
  if (!DNS_NAME.test(key.selector)) throw new Error(`DKIM: invalid selector ${JSON.stringify(key.selector)}`);
  const algorithm = key.privateKey.algorithm as {
    name: string;
    hash?: { name: string };
    modulusLength?: number;
  };
  if (
    key.privateKey.type !== "private" ||
    algorithm.name !== ALGORITHM ||
    algorithm.hash?.name !== "SHA-256" ||
    !key.privateKey.usages.includes("sign")
  ) {
    throw new Error("DKIM: the key must be an RSASSA-PKCS1-v1_5 SHA-256 private key for signing");
  }
  if ((algorithm.modulusLength ?? 0) < MIN_MODULUS_BITS) {
    throw new Error(`DKIM: RSA keys under ${MIN_MODULUS_BITS} bits are refused by verifiers (RFC 8301)`);
  }
}

/**
 * Signs an RFC 5322 message (as {@link buildMime} writes it) and returns it with a
 * `DKIM-Signature:` field prepended: a=rsa-sha256, c=relaxed/relaxed, d, s, t, h (the fields of
 * `options.headers` the message has, every occurrence, From always), bh and b, folded to ≤ 78.
 * Bare CR or LF line breaks are turned into CRLF first, as the SMTP session does, so that the
 * message signed is the one sent. Throws when the message has no From or the key is unfit.
 */
export async function dkimSign(
  rawMessage: string,
  key: DkimKey,
  options: DkimSignOptions = {},
): Promise<string> {
  checkKey(key);
  const message = rawMessage.replace(/\r\n|\r|\n/g, "\r\n");
  const split = message.indexOf("\r\n\r\n");
  const headerBlock = split === -1 ? message.replace(/\r\n$/, "") : message.slice(0, split);
  const body = split === -1 ? "" : message.slice(split + 4);
  const fields = headerBlock === "" ? [] : parseHeaderFields(headerBlock);

  const wanted: string[] = [];
  for (const name of ["From", ...(options.headers ?? DKIM_SIGNED_HEADERS)]) {
    if (!FIELD_NAME.test(name)) throw new Error(`DKIM: invalid header name ${JSON.stringify(name)}`);
    if (!wanted.some((seen) => seen.toLowerCase() === name.toLowerCase())) wanted.push(name);
  }
  const signedNames: string[] = [];
  const signedData: string[] = [];
  for (const name of wanted) {
    // A name listed n times signs its n occurrences from the bottom up (RFC 6376 5.4.2).
    const occurrences = fields.filter((field) => field.key === name.toLowerCase()).reverse();
    for (const field of occurrences) {
      signedNames.push(name);
      signedData.push(relaxedHeader(field.raw));
    }
  }
  if (!signedNames.some((name) => name.toLowerCase() === "from")) {
    throw new Error("DKIM: the message has no From field, which must be signed");
  }

  const bodyHash = bytesToBase64(
    new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(relaxedBody(body)))),
  );
  const seconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const h = signedNames.map((name, index) => (index === 0 ? `h=${name}` : name));
  const { text, lastLineLength } = unsignedHeader([
    ["v=1"],
    ["a=rsa-sha256"],
    ["c=relaxed/relaxed"],
    [`d=${key.domain}`],
    [`s=${key.selector}`],
    [`t=${seconds}`],
    h.map((atom, index) => (index < h.length - 1 ? `${atom}:` : atom)),
    [`bh=${bodyHash}`],
    ["b="],
  ]);
  signedData.push(relaxedHeader(text));
  const signature = await crypto.subtle.sign(
    ALGORITHM,
    key.privateKey,
    encoder.encode(signedData.join("\r\n")),
  );
  const b = foldSignature(bytesToBase64(new Uint8Array(signature)), lastLineLength);
  return `${text}${b}\r\n${message}`;
}

function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * The signing key from a base64 PKCS#8 RSA private key (PEM armour and line breaks tolerated),
 * non-extractable, for {@link dkimSign}.
 */
export async function importDkimPrivateKey(pkcs8Base64: string): Promise<DkimCryptoKey> {
  const base64 = pkcs8Base64.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, "").replace(/\s+/g, "");
  try {
    return await crypto.subtle.importKey(
      "pkcs8",
      base64ToBytes(base64),
      { name: ALGORITHM, hash: "SHA-256" },
      false,
      ["sign"],
    );
  } catch (cause) {
    throw new Error("DKIM: not a base64 PKCS#8 RSA private key", { cause });
  }
}

/**
 * A new RSA 2048 key pair, base64 without PEM armour: the PKCS#8 private key to keep (secret),
 * the SPKI public key for the DNS TXT record `<selector>._domainkey.<domain>`: `v=DKIM1; k=rsa; p=<publicKeySpki>`.
 */
export async function generateDkimKey(): Promise<{ privateKeyPkcs8: string; publicKeySpki: string }> {
  const pair = (await crypto.subtle.generateKey(
    { name: ALGORITHM, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  )) as { privateKey: DkimCryptoKey; publicKey: DkimCryptoKey };
  const [pkcs8, spki] = await Promise.all([
    crypto.subtle.exportKey("pkcs8", pair.privateKey) as Promise<ArrayBuffer>,
    crypto.subtle.exportKey("spki", pair.publicKey) as Promise<ArrayBuffer>,
  ]);
  return {
    privateKeyPkcs8: bytesToBase64(new Uint8Array(pkcs8)),
    publicKeySpki: bytesToBase64(new Uint8Array(spki)),
  };
}
