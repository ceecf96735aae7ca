import { describe, expect, it } from "vitest";
import {
  type EmailAttachment,
  type EmailMessage,
  InvalidEmailMessageError,
  parseEmailMessage,
} from "../../src/email/message";

const pdf = { filename: "invoice.pdf", contentType: "application/pdf", contentBase64: "JVBERi0xLjQK" };

const valid: EmailMessage = {
  from: { email: "news@shop.example", name: "Shop" },
  to: [{ email: "ann@example.com" }],
  subject: "Hello",
  text: "Hi",
};

/** The fields named by the error a message is refused with, each once. */
function refusedFields(message: EmailMessage): string[] {
  try {
    parseEmailMessage(message);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEmailMessageError);
    return [...new Set((error as InvalidEmailMessageError).fields)];
  }
  throw new Error("the message was accepted");
}

describe("parseEmailMessage", () => {
  it("accepts a minimal message and a full one", () => {
    expect(parseEmailMessage(valid)).toEqual(valid);
    const full: EmailMessage = {
      ...valid,
      to: Array.from({ length: 50 }, (_, i) => ({ email: `r${i}@example.com`, name: `Récipient ${i}` })),
      replyTo: { email: "help@shop.example" },
      html: "<p>Hi</p>",
      messageId: "<abc.123@shop.example>",
      headers: { "X-Edgepost-Message-Id": "msg_01H", "X-Tag": "spring sale" },
      listUnsubscribe: { url: "https://u.example/unsub?t=1", mailto: "unsub+t1@shop.example" },
    };
    expect(parseEmailMessage(full).to).toHaveLength(50);
  });

  it.each([
    ["subject", { subject: "Hi\r\nBcc: victim@example.com" }],
    ["subject", { subject: "Hi\nthere" }],
    ["subject", { subject: "tab\there" }],
    ["subject", { subject: "nul\u0000" }],
    ["subject", { subject: "line\u2028separator" }],
    ["from.name", { from: { email: "a@shop.example", name: "Shop\r\nBcc: x@example.com" } }],
    ["to[0].name", { to: [{ email: "a@example.com", name: "Ann\r" }] }],
    ["replyTo.name", { replyTo: { email: "a@example.com", name: "\nX" } }],
    ["headers.X-Tag", { headers: { "X-Tag": "a\r\nBcc: x@example.com" } }],
    ["messageId", { messageId: "<a@b>\r\nBcc: x@example.com" }],
    ["listUnsubscribe.url", { listUnsubscribe: { url: "https://u.example/\r\nBcc: x" } }],
    ["cc[0].name", { cc: [{ email: "c@example.com", name: "Cy\r\nBcc: x@example.com" }] }],
    ["bcc[0].name", { bcc: [{ email: "b@example.com", name: "Bo\nX-Evil: 1" }] }],
    ["attachments[0].filename", { attachments: [{ ...pdf, filename: 'a.pdf"\r\nBcc: x@example.com' }] }],
    ["attachments[0].contentType", { attachments: [{ ...pdf, contentType: "text/plain\r\nBcc: x" }] }],
    ["attachments[0].contentId", { attachments: [{ ...pdf, contentId: "logo>\r\nBcc: x" }] }],
    ["idempotencyKey", { idempotencyKey: "msg_1\r\nBcc: x@example.com" }],
    ["tags.campaign", { tags: { campaign: "spring\r\nBcc: x" } }],
  ] satisfies [string, Partial<EmailMessage>][])("refuses control characters in %s", (field, change) => {
    expect(refusedFields({ ...valid, ...change })).toEqual([field]);
  });

  it("refuses addresses that are not plain addresses", () => {
    expect(refusedFields({ ...valid, from: { email: "a@b.example\r\nBcc: c@d.example" } })).toEqual([
      "from.email",
    ]);
    expect(refusedFields({ ...valid, to: [{ email: "ann@example.com>, <eve@example.com" }] })).toEqual([
      "to[0].email",
    ]);
    expect(refusedFields({ ...valid, to: [{ email: "not an address" }] })).toEqual(["to[0].email"]);
    expect(refusedFields({ ...valid, listUnsubscribe: { url: "https://u.example", mailto: "x" } })).toEqual([
      "listUnsubscribe.mailto",
    ]);
  });

  it("wants 1 to 50 recipients and a subject of at most 998 characters", () => {
    expect(refusedFields({ ...valid, to: [] })).toEqual(["to"]);
    const many = Array.from({ length: 51 }, (_, i) => ({ email: `r${i}@example.com` }));
    expect(refusedFields({ ...valid, to: many })).toEqual(["to"]);
    expect(parseEmailMessage({ ...valid, subject: "x".repeat(998) }).subject).toHaveLength(998);
    expect(refusedFields({ ...valid, subject: "x".repeat(999) })).toEqual(["subject"]);
    expect(refusedFields({ ...valid, subject: "" })).toEqual(["subject"]);
  });

  it("keeps extra headers from overriding the ones the builder writes", () => {
    expect(refusedFields({ ...valid, headers: { Bcc: "eve@example.com" } })).toEqual(["headers.Bcc"]);
    expect(refusedFields({ ...valid, headers: { "content-type": "text/html" } })).toEqual([
      "headers.content-type",
    ]);
    expect(refusedFields({ ...valid, headers: { "X-A": "1", "x-a": "2" } })).toEqual(["headers.x-a"]);
    expect(refusedFields({ ...valid, headers: { "X-Bad:Name": "1" } })).toEqual(["headers.X-Bad:Name"]);
    expect(refusedFields({ ...valid, headers: { "X Spaced": "1" } })).toEqual(["headers.X Spaced"]);
  });

  it("wants an https one-click URL, http only on loopback hosts", () => {
    const check = (url: string) =>
      parseEmailMessage({ ...valid, listUnsubscribe: { url } }).listUnsubscribe?.url;
    expect(check("https://u.example/a b")).toBe("https://u.example/a%20b");
    expect(check("http://127.0.0.1:8788/unsubscribe/x")).toBe("http://127.0.0.1:8788/unsubscribe/x");
    expect(refusedFields({ ...valid, listUnsubscribe: { url: "http://u.example/x" } })).toEqual([
      "listUnsubscribe.url",
    ]);
    expect(refusedFields({ ...valid, listUnsubscribe: { url: "javascript:alert(1)" } })).toEqual([
      "listUnsubscribe.url",
    ]);
    expect(refusedFields({ ...valid, listUnsubscribe: { url: "/relative" } })).toEqual([
      "listUnsubscribe.url",
    ]);
    const encodedTooLong = `https://u.example/${"é".repeat(200)}`;
    expect(refusedFields({ ...valid, listUnsubscribe: { url: encodedTooLong } })).toEqual([
      "listUnsubscribe.url",
    ]);
  });

  it("refuses unknown fields and malformed Message-IDs", () => {
    expect(refusedFields({ ...valid, priority: "high" } as EmailMessage)).toEqual(["priority"]);
    expect(refusedFields({ ...valid, attachments: [{ ...pdf, size: 3 } as EmailAttachment] })).toEqual([
      "attachments[0].size",
    ]);
    expect(refusedFields({ ...valid, messageId: "no-brackets@x" })).toEqual(["messageId"]);
    expect(refusedFields({ ...valid, messageId: "<a b@x>" })).toEqual(["messageId"]);
  });
});

describe("cc, bcc, attachments, idempotency key and tags", () => {
  const many = (count: number, prefix: string) =>
    Array.from({ length: count }, (_, i) => ({ email: `${prefix}${i}@example.com` }));

  it("accepts them all", () => {
    const message: EmailMessage = {
      ...valid,
      cc: [{ email: "cc@example.com", name: "Cé" }],
      bcc: [{ email: "bcc@example.com" }],
      attachments: [
        pdf,
        { filename: "logo.png", contentType: "image/png", contentBase64: "iVBORw==", contentId: "logo@shop" },
      ],
      idempotencyKey: "msg_01HX/retry ok~",
      tags: { campaign: "spring-sale_2026", kind: "newsletter" },
    };
    expect(parseEmailMessage(message)).toEqual(message);
  });

  it("wants at most 50 recipients in to, cc and bcc together", () => {
    expect(
      parseEmailMessage({ ...valid, to: many(20, "t"), cc: many(20, "c"), bcc: many(10, "b") }).to,
    ).toHaveLength(20);
    expect(refusedFields({ ...valid, to: many(20, "t"), cc: many(20, "c"), bcc: many(11, "b") })).toEqual([
      "to",
    ]);
    expect(refusedFields({ ...valid, cc: many(51, "c") })).toEqual(["cc"]);
    expect(refusedFields({ ...valid, bcc: [{ email: "not an address" }] })).toEqual(["bcc[0].email"]);
  });

  it("wants at most 20 attachments of 7 MiB together, in strict base64", () => {
    expect(refusedFields({ ...valid, attachments: Array.from({ length: 21 }, () => pdf) })).toEqual([
      "attachments",
    ]);
    const fourMiB = "AAAA".repeat((4 * 1024 * 1024) / 3 + 1);
    expect(
      parseEmailMessage({ ...valid, attachments: [{ ...pdf, contentBase64: fourMiB }] }).attachments,
    ).toHaveLength(1);
    expect(
      refusedFields({
        ...valid,
        attachments: [
          { ...pdf, contentBase64: fourMiB },
          { ...pdf, contentBase64: fourMiB },
        ],
      }),
    ).toEqual(["attachments"]);
    expect(
      refusedFields({ ...valid, attachments: [{ ...pdf, contentBase64: "A".repeat(10 * 1024 * 1024) }] }),
    ).toEqual(["attachments[0].contentBase64", "attachments"]);
    for (const bad of ["abc", "ab=c", "a===", "YWJj\r\nZGVm", "YW Jj", "YWJj-_==", "=YWJ"]) {
      expect(refusedFields({ ...valid, attachments: [{ ...pdf, contentBase64: bad }] })).toEqual([
        "attachments[0].contentBase64",
      ]);
    }
    for (const good of ["", "YQ==", "YWI=", "YWJj", "+/+/"]) {
      expect(
        parseEmailMessage({ ...valid, attachments: [{ ...pdf, contentBase64: good }] }).attachments,
      ).toHaveLength(1);
    }
  });

  it("wants a bare type/subtype, a file name and a Content-ID without brackets or spaces", () => {
    const refused = (change: Partial<typeof pdf & { contentId: string }>) =>
      refusedFields({ ...valid, attachments: [{ ...pdf, ...change }] });
    expect(refused({ contentType: "text/html; charset=utf-8" })).toEqual(["attachments[0].contentType"]);
    expect(refused({ contentType: "pdf" })).toEqual(["attachments[0].contentType"]);
    expect(refused({ contentType: 'application/"pdf"' })).toEqual(["attachments[0].contentType"]);
    expect(refused({ filename: "" })).toEqual(["attachments[0].filename"]);
    expect(refused({ filename: "x".repeat(256) })).toEqual(["attachments[0].filename"]);
    expect(refused({ contentId: "<logo@shop>" })).toEqual(["attachments[0].contentId"]);
    expect(refused({ contentId: "my logo" })).toEqual(["attachments[0].contentId"]);
    expect(refused({ contentId: "x".repeat(128) })).toEqual(["attachments[0].contentId"]);
    const odd = { filename: 'Résumé "final"; v2.pdf', contentType: "application/vnd.ms-excel+xml" };
    expect(parseEmailMessage({ ...valid, attachments: [{ ...pdf, ...odd }] }).attachments?.[0]).toMatchObject(
      odd,
    );
  });

  it("wants a printable ASCII idempotency key of at most 256 characters", () => {
    expect(parseEmailMessage({ ...valid, idempotencyKey: "k".repeat(256) }).idempotencyKey).toHaveLength(256);
    expect(refusedFields({ ...valid, idempotencyKey: "k".repeat(257) })).toEqual(["idempotencyKey"]);
    expect(refusedFields({ ...valid, idempotencyKey: "" })).toEqual(["idempotencyKey"]);
    expect(refusedFields({ ...valid, idempotencyKey: "clé" })).toEqual(["idempotencyKey"]);
  });

  it("wants at most 10 tags named and valued as Resend requires", () => {
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`t${i}`, "v"]));
    expect(refusedFields({ ...valid, tags: eleven })).toEqual(["tags"]);
    expect(refusedFields({ ...valid, tags: { "bad name": "v" } })).toEqual(["tags.bad name"]);
    expect(refusedFields({ ...valid, tags: { "x\r\nBcc": "v" } })).toEqual(["tags.x\r\nBcc"]);
    expect(refusedFields({ ...valid, tags: { name: "" } })).toEqual(["tags.name"]);
    expect(refusedFields({ ...valid, tags: { name: "a".repeat(257) } })).toEqual(["tags.name"]);
    expect(refusedFields({ ...valid, tags: { name: "ünï" } })).toEqual(["tags.name"]);
  });
});
