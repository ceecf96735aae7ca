import { describe, expect, it } from "vitest";
import { type EmailMessage, InvalidEmailMessageError, parseEmailMessage } from "../../src/email/message";

const valid: EmailMessage = {
  from: { email: "news@shop.example", name: "Shop" },
  to: [{ email: "ann@example.com" }],
  subject: "Hello",
  text: "Hi",
};

/** The fields named by the error a message is refused with. */
function refusedFields(message: EmailMessage): string[] {
  try {
    parseEmailMessage(message);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEmailMessageError);
    return (error as InvalidEmailMessageError).fields;
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
  ] satisfies [string, Partial<EmailMessage>][])("refuses control characters in %s", (field, change) => {
    const fields = refusedFields({ ...valid, ...change });
    expect(fields).toContain(field);
    expect(() => parseEmailMessage({ ...valid, ...change })).toThrow(/header injection|control characters/);
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
    expect(refusedFields({ ...valid, cc: [] } as EmailMessage)).toEqual(["cc"]);
    expect(refusedFields({ ...valid, messageId: "no-brackets@x" })).toEqual(["messageId"]);
    expect(refusedFields({ ...valid, messageId: "<a b@x>" })).toEqual(["messageId"]);
  });
});
