import { createHash, createPublicKey, type KeyObject, verify } from "node:crypto";
import { simpleParser } from "mailparser";
import { beforeAll, describe, expect, it } from "vitest";
import { buildMime } from "../../src/email/build-mime";
import { type DkimKey, dkimSign, generateDkimKey, importDkimPrivateKey } from "../../src/email/dkim-sign";
import type { EmailMessage } from "../../src/email/message";

/*
 * The verifier below is written from RFC 6376 independently of the signer: it works line by line
 * where the signer uses whole-string regular expressions, and checks the RSA signature with Node's
 * crypto. (bench/mime.bench.ts checks signatures with nodemailer's DKIM canonicalisation too.)
 */

/** Relaxed body (RFC 6376 3.4.4): per line, WSP runs → SP, trailing WSP gone; then empty lines at the end. */
function canonicalBody(body: string): string {
  const lines = body.split("\r\n");
  if (body.endsWith("\r\n")) lines.pop(); // the CRLF ends the last line, it does not start one
  const relaxed = lines.map((line) => line.replace(/[ \t]+/g, " ").replace(/ $/, ""));
  while (relaxed.length > 0 && relaxed[relaxed.length - 1] === "") relaxed.pop();
  return relaxed.map((line) => `${line}\r\n`).join("");
}

/** Relaxed header (RFC 6376 3.4.2), without CRLF. */
function canonicalHeader(field: string): string {
  const [name = "", ...rest] = field.split(":");
  const value = rest
    .join(":")
    .split("\r\n")
    .join("")
    .replace(/[ \t]+/g, " ")
    .trim();
  return `${name.trim().toLowerCase()}:${value}`;
}

/** Header fields top-down, folds kept, and the body. */
function splitMessage(raw: string): { fields: string[]; body: string } {
  const end = raw.indexOf("\r\n\r\n");
  const fields: string[] = [];
  for (const line of raw.slice(0, end).split("\r\n")) {
    if (/^[ \t]/.test(line)) fields[fields.length - 1] += `\r\n${line}`;
    else fields.push(line);
  }
  return { fields, body: raw.slice(end + 4) };
}

const nameOf = (field: string) => field.slice(0, field.indexOf(":")).trim().toLowerCase();

interface Verification {
  result: "pass" | "body hash mismatch" | "signature mismatch";
  tags: Map<string, string>;
}

/** Verifies the first DKIM-Signature field of `raw` with `publicKey`. */
function verifyDkim(raw: string, publicKey: KeyObject): Verification {
  const { fields, body } = splitMessage(raw);
  const dkimField = fields.find((field) => nameOf(field) === "dkim-signature");
  if (dkimField === undefined) throw new Error("no DKIM-Signature");
  const tags = new Map(
    dkimField
      .slice(dkimField.indexOf(":") + 1)
      .split(";")
      .map((tag) => tag.replace(/[ \t\r\n]+/g, ""))
      .filter((tag) => tag !== "")
      .map((tag) => [tag.slice(0, tag.indexOf("=")), tag.slice(tag.indexOf("=") + 1)] as const),
  );
  const bodyHash = createHash("sha256").update(canonicalBody(body), "utf8").digest("base64");

  const used = new Set<number>();
  const signed: string[] = [];
  for (const name of (tags.get("h") ?? "").split(":")) {
    // the last occurrence not yet used, from the bottom (RFC 6376 5.4.2); a missing one is skipped
    for (let index = fields.length - 1; index >= 0; index--) {
      if (!used.has(index) && nameOf(fields[index]!) === name.toLowerCase()) {
        used.add(index);
        signed.push(`${canonicalHeader(fields[index]!)}\r\n`);
        break;
      }
    }
  }
  const withoutB = dkimField.replace(/([;\s]b[ \t]*=)[^;]*/, "$1");
  const signedData = `${signed.join("")}${canonicalHeader(withoutB)}`;
  const signature = Buffer.from(tags.get("b") ?? "", "base64");
  const result =
    bodyHash !== tags.get("bh")
      ? "body hash mismatch"
      : verify("sha256", Buffer.from(signedData, "utf8"), publicKey, signature)
        ? "pass"
        : "signature mismatch";
  return { result, tags };
}

const NOW = new Date("2026-05-04T10:20:30Z");
let key: DkimKey;
let publicKey: KeyObject;

beforeAll(async () => {
  const pair = await generateDkimKey();
  publicKey = createPublicKey({
    key: Buffer.from(pair.publicKeySpki, "base64"),
    format: "der",
    type: "spki",
  });
  key = {
    domain: "shop.example",
    selector: "ep2026",
    privateKey: await importDkimPrivateKey(pair.privateKeyPkcs8),
  };
});

const full: EmailMessage = {
  from: { email: "news@shop.example", name: "Zoë's Shop — Grüße aus Köln und überall" },
  to: [
    { email: "ann@example.com", name: "Ann O'Neil" },
    { email: "zoe@example.com", name: "Zoë Ångström-Müller von Hohenzollern-Sigmaringen" },
  ],
  replyTo: { email: "help@shop.example", name: "Help desk" },
  subject: `Grüße, Zoë — ${"our spring sale is on, everything must go, ".repeat(3)}🎉`,
  text: "Hello Zoë,\n\nTabs\tand  double  spaces   stay.  \n\n\n",
  html: "<p>Hello <b>Zoë</b></p>\n\n\n",
  headers: { "X-Campaign": "spring", "X-Campaign-Description": `${"very long words ".repeat(10)}end` },
  listUnsubscribe: { url: "https://u.example/unsubscribe?token=abc", mailto: "unsub+abc@shop.example" },
};

describe("dkimSign", () => {
  it("signs a multipart message with folded, encoded headers so that it verifies", async () => {
    const raw = buildMime(full);
    const signed = await dkimSign(raw, key, { now: NOW });

    expect(signed.startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=shop.example;")).toBe(
      true,
    );
    expect(signed.endsWith(raw)).toBe(true);
    const dkimField = splitMessage(signed).fields[0]!;
    expect(signed.slice(0, dkimField.length + 2)).toBe(`${dkimField}\r\n`);
    expect(dkimField.split("\r\n").every((line) => line.length <= 78)).toBe(true);
    expect(dkimField.split("\r\n").length).toBeGreaterThan(3);

    const { result, tags } = verifyDkim(signed, publicKey);
    expect(result).toBe("pass");
    expect(tags.get("v")).toBe("1");
    expect(tags.get("a")).toBe("rsa-sha256");
    expect(tags.get("c")).toBe("relaxed/relaxed");
    expect(tags.get("d")).toBe("shop.example");
    expect(tags.get("s")).toBe("ep2026");
    expect(tags.get("t")).toBe(String(NOW.getTime() / 1000));
    expect(tags.get("h")?.toLowerCase().split(":")).toEqual([
      "from",
      "to",
      "subject",
      "date",
      "message-id",
      "reply-to",
      "mime-version",
      "content-type",
      "list-unsubscribe",
      "list-unsubscribe-post",
    ]);
    expect(tags.get("b")).toHaveLength(344); // 2048 bits

    const mail = await simpleParser(signed);
    expect(mail.subject).toBe(full.subject);
    expect(mail.headers.get("dkim-signature")).toBeDefined();
    expect(mail.html).toBe("<p>Hello <b>Zoë</b></p>\n\n\n");
  });

  it("signs text-only messages, with and without trailing blank lines, to the same body hash", async () => {
    const base = { ...full, html: undefined, messageId: "<fixed@shop.example>" };
    const plain = await dkimSign(buildMime({ ...base, text: "Hello\nsecond line" }), key, { now: NOW });
    const trailing = await dkimSign(buildMime({ ...base, text: "Hello\nsecond line  \n\n\n\n" }), key, {
      now: NOW,
    });
    for (const signed of [plain, trailing]) expect(verifyDkim(signed, publicKey).result).toBe("pass");
    expect(verifyDkim(trailing, publicKey).tags.get("bh")).toBe(verifyDkim(plain, publicKey).tags.get("bh"));
    expect(verifyDkim(plain, publicKey).tags.get("bh")).toBe(
      createHash("sha256").update("Hello\r\nsecond line\r\n").digest("base64"),
    );
  });

  it("survives what relaxed canonicalisation allows: refolding, whitespace, blank lines at the end", async () => {
    const text = "Hello Ann,\n\nTabs\tand  double  spaces   stay.  \n\n\n";
    const signed = await dkimSign(buildMime({ ...full, text }), key);
    const changes: [RegExp | string, string][] = [
      [/\r\nSubject: ([^\r]*)\r\n /, "\r\nSubject:   $1\t \r\n\t "], // more whitespace around a fold
      [/\r\nTo:/, "\r\nto :"], // name case, space before the colon
      [/\r\nX-Campaign-Description: (\S+) (\S+) /, "\r\nX-Campaign-Description: $1\r\n $2 "], // a new fold
      ["Tabs\tand  double", "Tabs and\t \tdouble"], // other whitespace inside a line
      ["stay.", "stay.   \t"], // trailing whitespace
      [/\r\n$/, "\r\n\r\n \r\n"], // more (blank) empty lines at the end
      [/\r\nDate:/, "\r\nX-Added-By-Relay: yes\r\nDate:"], // a field that is not signed
    ];
    let changed = signed;
    for (const [from, to] of changes) {
      const next = changed.replace(from, to);
      expect(next, String(from)).not.toBe(changed);
      changed = next;
    }
    expect(verifyDkim(changed, publicKey).result).toBe("pass");
    expect(verifyDkim(changed.replace("double", "dou ble"), publicKey).result).toBe("body hash mismatch");
  });

  it("fails verification when the body or a signed header is tampered with", async () => {
    const signed = await dkimSign(buildMime({ ...full, html: undefined, text: "Pay 10 EUR" }), key);
    expect(verifyDkim(signed, publicKey).result).toBe("pass");
    expect(verifyDkim(signed.replace("Pay 10 EUR", "Pay 99 EUR"), publicKey).result).toBe(
      "body hash mismatch",
    );
    expect(verifyDkim(signed.replace(/\r\n\r\n/, "\r\n\r\nP.S.\r\n"), publicKey).result).toBe(
      "body hash mismatch",
    );
    expect(verifyDkim(signed.replace("<ann@example.com>", "<eve@example.com>"), publicKey).result).toBe(
      "signature mismatch",
    );
    expect(verifyDkim(signed.replace("help@shop.example", "evil@shop.example"), publicKey).result).toBe(
      "signature mismatch",
    );
    expect(verifyDkim(signed.replace(/(\r\nSubject: =\?UTF-8\?B\?)(.)/, "$1A$2"), publicKey).result).toBe(
      "signature mismatch",
    );
    expect(verifyDkim(signed.replace(/\bs=ep2026;/, "s=ep2027;"), publicKey).result).toBe(
      "signature mismatch",
    );
    const other = await generateDkimKey();
    const otherPublic = createPublicKey({
      key: Buffer.from(other.publicKeySpki, "base64"),
      format: "der",
      type: "spki",
    });
    expect(verifyDkim(signed, otherPublic).result).toBe("signature mismatch");
  });

  it("hashes bodies as RFC 6376 says: its example, an empty body", async () => {
    const headers = "From: a@shop.example\r\nSubject: x\r\n\r\n";
    // RFC 6376 3.4.5: " C \r\nD \t E\r\n\r\n\r\n" → " C\r\nD E\r\n"
    const example = await dkimSign(`${headers} C \r\nD \t E\r\n\r\n\r\n`, key);
    expect(verifyDkim(example, publicKey).tags.get("bh")).toBe(
      createHash("sha256").update(" C\r\nD E\r\n").digest("base64"),
    );
    // errata 1377: the relaxed empty body is the empty input
    for (const body of ["", "\r\n", "\r\n \r\n\t\r\n"]) {
      const signed = await dkimSign(`${headers}${body}`, key);
      expect(verifyDkim(signed, publicKey).tags.get("bh")).toBe(
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=",
      );
      expect(verifyDkim(signed, publicKey).result).toBe("pass");
    }
  });

  it("signs every occurrence of a listed field, from the bottom, and always From", async () => {
    const raw = "From: a@shop.example\r\nX-Tag: one\r\nSubject: s\r\nX-Tag: two\r\n\r\nbody\r\n";
    const signed = await dkimSign(raw, key, { headers: ["x-tag", "Subject", "Cc"] });
    const { result, tags } = verifyDkim(signed, publicKey);
    expect(result).toBe("pass");
    expect(tags.get("h")).toBe("From:x-tag:x-tag:Subject");
    expect(verifyDkim(signed.replace("X-Tag: one", "X-Tag: uno"), publicKey).result).toBe(
      "signature mismatch",
    );
  });

  it("signs what the SMTP session will send when given bare LF line breaks", async () => {
    const signed = await dkimSign("From: a@shop.example\nSubject: s\n\nline 1\nline 2\n", key);
    expect(signed).toMatch(/\r\n\r\nline 1\r\nline 2\r\n$/);
    expect(signed.replace(/\r\n/g, "")).not.toContain("\n");
    expect(verifyDkim(signed, publicKey).result).toBe("pass");
  });

  it("refuses a message without From, a bad domain or selector, and an unfit key", async () => {
    await expect(dkimSign("Subject: s\r\n\r\nbody\r\n", key)).rejects.toThrow(/From/);
    await expect(dkimSign("garbage\r\n\r\nbody\r\n", key)).rejects.toThrow(/not a header field/);
    const raw = buildMime(full);
    await expect(dkimSign(raw, { ...key, domain: "shop.example; s=x" })).rejects.toThrow(/domain/);
    await expect(dkimSign(raw, { ...key, selector: "a b" })).rejects.toThrow(/selector/);
    await expect(dkimSign(raw, key, { headers: ["Bad Name"] })).rejects.toThrow(/header name/);
    const hmac = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    await expect(dkimSign(raw, { ...key, privateKey: hmac })).rejects.toThrow(/RSASSA/);
  });
});

describe("generateDkimKey / importDkimPrivateKey", () => {
  it("makes a 2048-bit RSA pair whose public key is the p= of the DNS record", async () => {
    const pair = await generateDkimKey();
    expect(pair.publicKeySpki).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(pair.privateKeyPkcs8).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const spki = createPublicKey({
      key: Buffer.from(pair.publicKeySpki, "base64"),
      format: "der",
      type: "spki",
    });
    expect(spki.asymmetricKeyType).toBe("rsa");
    expect(spki.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const privateKey = await importDkimPrivateKey(pair.privateKeyPkcs8);
    expect(privateKey.extractable).toBe(false);
    const signed = await dkimSign(buildMime(full), { ...key, privateKey });
    expect(verifyDkim(signed, spki).result).toBe("pass");
  });

  it("accepts PEM armour and line breaks, and names what is wrong otherwise", async () => {
    const pair = await generateDkimKey();
    const pem = `-----BEGIN PRIVATE KEY-----\n${pair.privateKeyPkcs8.replace(/.{64}/g, "$&\n")}\n-----END PRIVATE KEY-----\n`;
    await expect(importDkimPrivateKey(pem)).resolves.toBeDefined();
    await expect(importDkimPrivateKey(pair.publicKeySpki)).rejects.toThrow(/PKCS#8/);
    await expect(importDkimPrivateKey("not base64!")).rejects.toThrow(/PKCS#8/);
  });
});
