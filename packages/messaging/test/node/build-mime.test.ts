import { type AddressObject, simpleParser } from "mailparser";
import { describe, expect, it } from "vitest";
import { buildMime } from "../../src/email/build-mime";
import { type EmailMessage, InvalidEmailMessageError } from "../../src/email/message";

const base: EmailMessage = {
  from: { email: "news@shop.example", name: "Shop" },
  to: [{ email: "ann@example.com", name: "Ann" }],
  subject: "Spring sale",
  text: "Hello Ann",
};

/** Raw header lines (folded ones kept as they are), up to the blank line. */
const headerBlock = (raw: string): string => raw.slice(0, raw.indexOf("\r\n\r\n"));
/** One header's field body, unfolded (CRLF before whitespace removed, RFC 5322 2.2.3). */
function rawHeader(raw: string, name: string): string | undefined {
  const unfolded = headerBlock(raw).replace(/\r\n(?=[ \t])/g, "");
  const line = unfolded.split("\r\n").find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}
/** RFC 2047 "B" words back to text (each word holds whole characters; spaces between words drop). */
const decodeWords = (value: string | undefined) =>
  value
    ?.replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?UTF-8\?B\?([^?]*)\?=/g, (_, data: string) => Buffer.from(data, "base64").toString("utf8"));
const addresses = (value: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(value) ? value : value ? [value] : []).flatMap((group) => group.value);

describe("buildMime", () => {
  it("writes every header and both parts of a full message", async () => {
    const raw = buildMime({
      ...base,
      to: [
        { email: "ann@example.com", name: "Ann O'Neil" },
        { email: "zoe@example.com", name: "Zoë Ångström" },
        { email: "bob@example.com" },
      ],
      replyTo: { email: "help@shop.example", name: 'Help "desk" \\ team' },
      subject: "Grüße aus Köln — 50 % Rabatt 🎉",
      html: "<p>Hello <b>Ann</b></p>",
      headers: { "X-Edgepost-Message-Id": "msg_01HX", "X-Campaign": "Frühling" },
      listUnsubscribe: { url: "https://u.example/unsubscribe?token=abc", mailto: "unsub+abc@shop.example" },
    });
    const mail = await simpleParser(raw);

    expect(raw.split("\n").every((line) => line.endsWith("\r") || line === "")).toBe(true);
    expect(mail.subject).toBe("Grüße aus Köln — 50 % Rabatt 🎉");
    expect(rawHeader(raw, "Subject")).toMatch(
      /^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=( =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=)*$/,
    );
    expect(addresses(mail.from)).toEqual([{ address: "news@shop.example", name: "Shop" }]);
    expect(addresses(mail.to)).toEqual([
      { address: "ann@example.com", name: "Ann O'Neil" },
      { address: "zoe@example.com", name: "Zoë Ångström" },
      { address: "bob@example.com", name: "" },
    ]);
    expect(rawHeader(raw, "To")).toContain("=?UTF-8?B?");
    expect(addresses(mail.replyTo)).toEqual([{ address: "help@shop.example", name: 'Help "desk" \\ team' }]);
    expect(mail.messageId).toMatch(/^<[0-9a-f]{32}@shop\.example>$/);
    expect(mail.date?.getTime()).toBeGreaterThan(Date.now() - 5_000);
    expect(rawHeader(raw, "Date")).toMatch(
      /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/,
    );
    expect(rawHeader(raw, "MIME-Version")).toBe("1.0");
    expect(rawHeader(raw, "X-Edgepost-Message-Id")).toBe("msg_01HX");
    expect(rawHeader(raw, "X-Campaign")).toBe("=?UTF-8?B?RnLDvGhsaW5n?=");
    expect(decodeWords(rawHeader(raw, "X-Campaign"))).toBe("Frühling");
    expect(rawHeader(raw, "List-Unsubscribe")).toBe(
      "<mailto:unsub+abc@shop.example>, <https://u.example/unsubscribe?token=abc>",
    );
    expect(rawHeader(raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(rawHeader(raw, "Content-Type")).toMatch(/^multipart\/alternative; boundary=\w+$/);
    expect(mail.text?.trim()).toBe("Hello Ann");
    expect(mail.html).toBe("<p>Hello <b>Ann</b></p>\n");
  });

  it("sends a text-only message as one text/plain part, 7bit when it is ASCII", async () => {
    const raw = buildMime({ ...base, text: "line one\nline two\r\n.dot line" });
    expect(rawHeader(raw, "Content-Type")).toBe("text/plain; charset=UTF-8");
    expect(rawHeader(raw, "Content-Transfer-Encoding")).toBe("7bit");
    expect(raw).toContain("\r\n\r\nline one\r\nline two\r\n.dot line\r\n");
    expect((await simpleParser(raw)).text).toBe("line one\nline two\n.dot line\n");
  });

  it("encodes non-ASCII bodies as base64 in 76-character lines", async () => {
    const text = `Grüße\n${"é".repeat(200)}`;
    const raw = buildMime({ ...base, text });
    expect(rawHeader(raw, "Content-Transfer-Encoding")).toBe("base64");
    const body = raw
      .slice(raw.indexOf("\r\n\r\n") + 4)
      .trimEnd()
      .split("\r\n");
    expect(body.every((line) => line.length <= 76)).toBe(true);
    expect((await simpleParser(raw)).text?.replace(/\n$/, "")).toBe(text);
  });

  /** The decoded body of a single-part message whose Content-Transfer-Encoding is base64. */
  const base64Body = (raw: string) =>
    Buffer.from(raw.slice(raw.indexOf("\r\n\r\n") + 4).replaceAll("\r\n", ""), "base64").toString("utf8");

  it("keeps a 998-character ASCII line as 7bit and sends a 999-character one as base64", async () => {
    const fits = `${"a".repeat(998)}\nshort`;
    const fitsRaw = buildMime({ ...base, text: fits });
    expect(rawHeader(fitsRaw, "Content-Transfer-Encoding")).toBe("7bit");
    expect(fitsRaw).toContain(`\r\n\r\n${"a".repeat(998)}\r\nshort\r\n`);

    const tooLong = `short\n${"b".repeat(999)}`;
    const raw = buildMime({ ...base, text: tooLong });
    expect(rawHeader(raw, "Content-Transfer-Encoding")).toBe("base64");
    expect(raw.split("\r\n").every((line) => line.length <= 998)).toBe(true);
    expect(base64Body(raw)).toBe(`short\r\n${"b".repeat(999)}`);
    expect((await simpleParser(raw)).text?.replace(/\n$/, "")).toBe(tooLong);
  });

  it("writes every kind of line break as CRLF inside a base64 body", () => {
    const raw = buildMime({ ...base, text: "Grüße\rzwei\ndrei\r\nvier\n\rfünf" });
    expect(base64Body(raw)).toBe("Grüße\r\nzwei\r\ndrei\r\nvier\r\n\r\nfünf");
  });

  it("round-trips large non-ASCII text and HTML bodies through a real parser", async () => {
    const text = "Zoë Ångström, 20 % off — 日本語 𝒜 🎉\n".repeat(8_000); // about 350 KB of UTF-8
    const html = `<p>${"Grüße aus Köln, ".repeat(20_000)}</p>`;
    const raw = buildMime({ ...base, text, html });
    expect(raw.split("\r\n").every((line) => line.length <= 998)).toBe(true);
    const mail = await simpleParser(raw);
    // compared as booleans: a diff of 350 KB helps no one
    expect(mail.text === text).toBe(true);
    expect(typeof mail.html === "string" && mail.html.trimEnd() === html).toBe(true);
  });

  it("gives every message its own Message-ID and boundaries, many messages in a row", () => {
    const raws = Array.from({ length: 300 }, () => buildMime({ ...base, html: "<p>Hi</p>" }));
    const ids = raws.map((raw) => rawHeader(raw, "Message-ID") ?? "");
    expect(ids.every((id) => /^<[0-9a-f]{32}@shop\.example>$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(raws.length);
    const boundaries = raws.map((raw) => rawHeader(raw, "Content-Type")?.split("boundary=")[1] ?? "");
    expect(boundaries.every((boundary) => /^alt[0-9a-f]{24}$/.test(boundary))).toBe(true);
    expect(new Set(boundaries).size).toBe(raws.length);
  });

  it("folds long subjects and names into short lines that read back the same", async () => {
    const subjects = [
      `${"Ünïcödé ".repeat(60)}end`,
      "𝒜".repeat(300),
      "日本語のテキスト、Zoë 🎉 ".repeat(40), // 1-, 2-, 3- and 4-byte characters side by side
      `${"plain words ".repeat(80)}end`,
      "x".repeat(998),
      "looks =?UTF-8?B?SGk=?= encoded",
    ];
    for (const subject of subjects) {
      const longName = "Dr. Maximilian Ägidius von und zu Habsburg-Lothringen-Württemberg ".repeat(3).trim();
      const description = subject.slice(0, 900).trim();
      const raw = buildMime({
        ...base,
        subject,
        to: [{ email: "a@example.com", name: longName }],
        headers: { "X-Campaign-Description": description },
      });
      const mail = await simpleParser(raw);
      expect(mail.subject).toBe(subject);
      expect(decodeWords(rawHeader(raw, "X-Campaign-Description"))).toBe(description);
      expect(addresses(mail.to)).toEqual([{ address: "a@example.com", name: longName }]);
      for (const line of headerBlock(raw).split("\r\n")) {
        expect(line.length).toBeLessThanOrEqual(998);
        if (line.includes("=?")) expect(line.length).toBeLessThanOrEqual(76);
        for (const word of line.match(/=\?[^?]+\?B\?[^?]*\?=/g) ?? [])
          expect(word.length).toBeLessThanOrEqual(75);
      }
    }
  });

  it("writes plain ASCII subjects and names as they are", () => {
    const raw = buildMime({ ...base, subject: "Your order #1234 has shipped" });
    expect(rawHeader(raw, "Subject")).toBe("Your order #1234 has shipped");
    expect(rawHeader(raw, "From")).toBe('"Shop" <news@shop.example>');
    expect(rawHeader(raw, "To")).toBe('"Ann" <ann@example.com>');
  });

  it("keeps a given Message-ID and makes a new one for each message otherwise", () => {
    expect(rawHeader(buildMime({ ...base, messageId: "<given.1@shop.example>" }), "Message-ID")).toBe(
      "<given.1@shop.example>",
    );
    const first = rawHeader(buildMime(base), "Message-ID");
    expect(first).not.toBe(rawHeader(buildMime(base), "Message-ID"));
  });

  it("leaves List-Unsubscribe out unless asked, and emits the URL alone without mailto", () => {
    expect(rawHeader(buildMime(base), "List-Unsubscribe")).toBeUndefined();
    const raw = buildMime({ ...base, listUnsubscribe: { url: "https://u.example/u/1" } });
    expect(rawHeader(raw, "List-Unsubscribe")).toBe("<https://u.example/u/1>");
    expect(rawHeader(raw, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
  });

  const injections: Partial<EmailMessage>[] = [
    { subject: "Hi\r\nBcc: eve@example.com" },
    { from: { email: "news@shop.example", name: "Shop\r\nBcc: eve@example.com" } },
    { to: [{ email: "ann@example.com", name: "Ann\nBcc: eve@example.com" }] },
    { headers: { "X-Tag": "x\r\n\r\n<html>injected body" } },
    { headers: { "X-Tag\r\nBcc": "eve@example.com" } },
    { messageId: "<a@b>\r\nBcc: eve@example.com" },
    { listUnsubscribe: { url: "https://u.example/\r\nBcc: eve@example.com" } },
  ];
  it.each(injections)("refuses a header injection attempt: %o", (change) => {
    expect(() => buildMime({ ...base, ...change })).toThrow(InvalidEmailMessageError);
  });
});

describe("buildMime: Cc, Bcc and attachments", () => {
  const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 256);
  const invoice = {
    filename: "invoice.pdf",
    contentType: "application/pdf",
    contentBase64: Buffer.from(bytes).toString("base64"),
  };
  const logo = {
    filename: "logo.png",
    contentType: "image/png",
    contentBase64: Buffer.from("png bytes").toString("base64"),
    contentId: "logo@shop.example",
  };
  /** The header block of the part whose headers contain `marker`. */
  const partHeaderBlock = (raw: string, marker: string) =>
    raw
      .split(/\r\n--[\w]+\r\n/)
      .find((part) => part.slice(0, part.indexOf("\r\n\r\n")).includes(marker))
      ?.split("\r\n\r\n")[0];

  it("writes Cc and never Bcc", async () => {
    const raw = buildMime({
      ...base,
      cc: [{ email: "cy@example.com", name: "Cy Ötzi" }, { email: "dee@example.com" }],
      bcc: [{ email: "hidden@example.com", name: "Hidden" }],
    });
    const mail = await simpleParser(raw);
    expect(addresses(mail.cc)).toEqual([
      { address: "cy@example.com", name: "Cy Ötzi" },
      { address: "dee@example.com", name: "" },
    ]);
    expect(mail.bcc).toBeUndefined();
    expect(raw).not.toMatch(/hidden|^bcc:/im);
    expect(rawHeader(raw, "Cc")).toBe("=?UTF-8?B?Q3kgw5Z0emk=?= <cy@example.com>, <dee@example.com>");
  });

  it("puts attachments after the text in multipart/mixed, base64 in 76-character lines", async () => {
    const raw = buildMime({ ...base, html: "<p>Hi</p>", attachments: [invoice] });
    expect(rawHeader(raw, "Content-Type")).toMatch(/^multipart\/mixed; boundary=mixed\w+$/);
    expect(partHeaderBlock(raw, "invoice.pdf")).toBe(
      [
        'Content-Type: application/pdf; name="invoice.pdf"',
        "Content-Transfer-Encoding: base64",
        'Content-Disposition: attachment; filename="invoice.pdf"',
      ].join("\r\n"),
    );
    const body =
      raw
        .slice(raw.indexOf("\r\n\r\n", raw.indexOf('filename="invoice.pdf"')) + 4)
        .split(/\r\n(\r\n)?--/)[0] ?? "";
    const lines = body.split("\r\n");
    expect(lines.slice(0, -1).every((line) => line.length === 76)).toBe(true);
    expect(lines.join("")).toBe(invoice.contentBase64);

    const mail = await simpleParser(raw);
    expect(mail.text).toBe("Hello Ann\n");
    expect(mail.html).toBe("<p>Hi</p>\n");
    expect(mail.attachments).toHaveLength(1);
    const [file] = mail.attachments;
    expect(file).toMatchObject({
      filename: "invoice.pdf",
      contentType: "application/pdf",
      contentDisposition: "attachment",
    });
    expect(new Uint8Array(file!.content)).toEqual(bytes);
  });

  it("makes a part with a Content-ID inline, in multipart/related beside the text", async () => {
    const raw = buildMime({
      ...base,
      html: '<p><img src="cid:logo@shop.example"></p>',
      attachments: [invoice, logo],
    });
    expect(partHeaderBlock(raw, "logo.png")).toBe(
      [
        "Content-ID: <logo@shop.example>",
        'Content-Type: image/png; name="logo.png"',
        "Content-Transfer-Encoding: base64",
        'Content-Disposition: inline; filename="logo.png"',
      ].join("\r\n"),
    );
    expect(raw).toMatch(/\r\nContent-Type: multipart\/related; boundary=rel\w+\r\n/);
    const mail = await simpleParser(raw, { keepCidLinks: true });
    expect(mail.html).toBe('<p><img src="cid:logo@shop.example"></p>\n');
    expect(
      mail.attachments.map(({ filename, contentType, contentDisposition, cid, related, content }) => ({
        filename,
        contentType,
        contentDisposition,
        cid,
        related,
        content: content.toString("base64"),
      })),
    ).toEqual([
      {
        filename: "logo.png",
        contentType: "image/png",
        contentDisposition: "inline",
        cid: "logo@shop.example",
        related: true,
        content: logo.contentBase64,
      },
      {
        filename: "invoice.pdf",
        contentType: "application/pdf",
        contentDisposition: "attachment",
        cid: undefined,
        related: undefined,
        content: invoice.contentBase64,
      },
    ]);
  });

  it("round-trips binary attachments of every length class byte for byte through a real parser", async () => {
    const noise = (length: number) => {
      let state = length;
      return Uint8Array.from({ length }, () => {
        state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
        return state >>> 24;
      });
    };
    const files = [1, 2, 3, 56, 57, 58, 300_001].map((length) => ({
      bytes: noise(length),
      filename: `file-${length}.bin`,
    }));
    const raw = buildMime({
      ...base,
      attachments: files.map((file) => ({
        filename: file.filename,
        contentType: "application/octet-stream",
        contentBase64: Buffer.from(file.bytes).toString("base64"),
      })),
    });
    const mail = await simpleParser(raw);
    expect(mail.attachments.map((file) => file.filename)).toEqual(files.map((file) => file.filename));
    for (const [index, file] of files.entries()) {
      expect(new Uint8Array(mail.attachments[index]!.content)).toEqual(file.bytes);
    }
    const body = raw.slice(raw.indexOf("\r\n\r\n", raw.indexOf("file-300001.bin")) + 4);
    const lines = body.slice(0, body.indexOf("\r\n--")).split("\r\n");
    expect(lines.length).toBe(Math.ceil(Math.ceil(300_001 / 3) / 19));
    expect(lines.slice(0, -1).every((line) => line.length === 76)).toBe(true);
  });

  it("encodes file names that are not short plain ASCII (RFC 2231 filename, RFC 2047 name)", async () => {
    const names = [
      "Rechnung März 2026 — Übersicht.pdf",
      `${"Quarterly report with a rather long descriptive name ".repeat(4).trim()}.pdf`,
      'quote " and \\ backslash.txt',
      "looks =?UTF-8?B?SGk=?= encoded.txt",
      "日本語のファイル名.txt",
      "inline attachment.txt",
    ];
    const raw = buildMime({
      ...base,
      attachments: names.map((filename) => ({ ...invoice, filename, contentType: "text/plain" })),
    });
    const mail = await simpleParser(raw);
    expect(mail.attachments.map((file) => [file.filename, file.contentDisposition])).toEqual(
      names.map((name) => [name, "attachment"]),
    );
    for (const line of headerBlock(raw.replace(/\r\n\r\n/g, "\r\n")).split("\r\n")) {
      expect(line.length).toBeLessThanOrEqual(78);
    }
    const first = partHeaderBlock(raw, "filename*0*=UTF-8''Rechnung");
    expect(first).toContain("Content-Disposition: attachment;\r\n filename*0*=UTF-8''Rechnung%20M%C3%A4rz");
    expect(first).toMatch(/Content-Type: text\/plain;\r\n name="=\?UTF-8\?B\?[^"]+\?="/);
    expect(partHeaderBlock(raw, "backslash")).toContain('filename="quote \\" and \\\\ backslash.txt"');
  });

  const file = { filename: "a.txt", contentType: "text/plain", contentBase64: "YQ==" };
  const injections: Partial<EmailMessage>[] = [
    { cc: [{ email: "cc@example.com", name: "Cc\r\nBcc: eve@example.com" }] },
    { cc: [{ email: "cc@example.com>\r\nBcc: <eve@example.com" }] },
    { bcc: [{ email: "bcc@example.com", name: "x\nX-Evil: 1" }] },
    { attachments: [{ ...file, filename: 'a.txt"\r\nContent-Type: text/html' }] },
    { attachments: [{ ...file, contentType: "text/plain\r\nX-Evil: 1" }] },
    { attachments: [{ ...file, contentId: "x>\r\nX-Evil: <1" }] },
    { attachments: [{ ...file, contentBase64: "YQ==\r\n\r\n--boundary\r\nX-Evil: 1" }] },
    { idempotencyKey: "k\r\nBcc: eve@example.com" },
    { tags: { t: "v\r\nBcc: eve@example.com" } },
  ];
  it.each(injections)("refuses a header injection attempt: %o", (change) => {
    expect(() => buildMime({ ...base, ...change })).toThrow(InvalidEmailMessageError);
  });
});
