import { describe, expect, inject, it } from "vitest";
import {
  type EmailMessage,
  emailProviderFromUrl,
  generateDkimKey,
  smtpProvider,
  smtpProviderFromUrl,
} from "../../src/index";
import { receivedEmail, receivedSource } from "./maildev";

const maildev = inject("maildev");
const secure = inject("maildevTls");

const message = (testId: string, change: Partial<EmailMessage> = {}): EmailMessage => ({
  from: { email: "news@shop.example", name: "Shop" },
  to: [{ email: "ann@example.com", name: "Ann" }],
  subject: `Test ${testId}`,
  text: "Hello",
  headers: { "X-Test-Id": testId },
  ...change,
});

describe("smtpProvider → MailDev, from inside workerd", () => {
  it("delivers every header, both parts and all recipients", async () => {
    const provider = smtpProvider({ host: "127.0.0.1", port: maildev.smtpPort, security: "none" });
    const result = await provider.send(
      message("full", {
        to: [
          { email: "ann@example.com", name: "Ann O'Neil" },
          { email: "zoe@example.com", name: "Zoë Ångström" },
        ],
        replyTo: { email: "help@shop.example" },
        subject: "Grüße aus Köln — 50 % Rabatt 🎉",
        text: "Hallo Zoë,\nunser Frühlingsangebot.",
        html: "<p>Hallo <b>Zoë</b></p>",
        headers: { "X-Test-Id": "full", "X-Edgepost-Message-Id": "msg_01HXYZ" },
        listUnsubscribe: { url: "https://u.example/unsubscribe?token=t1", mailto: "unsub+t1@shop.example" },
      }),
    );
    expect(result).toEqual({
      ok: true,
      providerMessageId: expect.stringMatching(/^<[0-9a-f]{32}@shop\.example>$/),
    });

    const email = await receivedEmail(maildev.api, "full");
    expect(email.subject).toBe("Grüße aus Köln — 50 % Rabatt 🎉");
    expect(email.from).toEqual([{ address: "news@shop.example", name: "Shop" }]);
    expect(email.to).toEqual([
      { address: "ann@example.com", name: "Ann O'Neil" },
      { address: "zoe@example.com", name: "Zoë Ångström" },
    ]);
    expect(email.envelope.from.address).toBe("news@shop.example");
    expect(email.envelope.to.map((to) => to.address)).toEqual(["ann@example.com", "zoe@example.com"]);
    expect(email.headers["message-id"]).toBe(result.ok ? result.providerMessageId : "");
    expect(email.headers["x-edgepost-message-id"]).toBe("msg_01HXYZ");
    // MailDev's parsed headers leave out the List-* ones: read them from the stored source.
    const source = await receivedSource(maildev.api, email.id);
    const headers = source
      .slice(0, source.indexOf("\r\n\r\n"))
      .replace(/\r\n(?=[ \t])/g, "")
      .split("\r\n");
    expect(headers).toContain(
      "List-Unsubscribe: <mailto:unsub+t1@shop.example>, <https://u.example/unsubscribe?token=t1>",
    );
    expect(headers).toContain("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
    expect(headers.some((line) => /^Date: \w{3}, \d{2} \w{3} \d{4} [\d:]{8} \+0000$/.test(line))).toBe(true);
    expect(email.text?.trim()).toBe("Hallo Zoë,\nunser Frühlingsangebot.");
    expect(email.html).toContain("<p>Hallo <b>Zoë</b></p>");
  });

  it("sends to every To, Cc and Bcc address, writes no Bcc header and carries attachments", async () => {
    const provider = emailProviderFromUrl(`smtp://127.0.0.1:${maildev.smtpPort}?security=none`);
    const result = await provider.send(
      message("cc-bcc", {
        to: [{ email: "ann@example.com" }],
        cc: [{ email: "cy@example.com", name: "Cy" }, { email: "ANN@example.com" }],
        bcc: [{ email: "audit@shop.example" }],
        html: '<p><img src="cid:logo@shop.example"></p>',
        attachments: [
          { filename: "Übersicht.txt", contentType: "text/plain", contentBase64: btoa("report") },
          {
            filename: "logo.png",
            contentType: "image/png",
            contentBase64: btoa("png"),
            contentId: "logo@shop.example",
          },
        ],
      }),
    );
    expect(result).toMatchObject({ ok: true });

    const email = await receivedEmail(maildev.api, "cc-bcc");
    expect(email.envelope.to.map((to) => to.address)).toEqual([
      "ann@example.com",
      "cy@example.com",
      "audit@shop.example",
    ]);
    const source = await receivedSource(maildev.api, email.id);
    const headers = source.slice(0, source.indexOf("\r\n\r\n"));
    expect(headers).toContain('Cc: "Cy" <cy@example.com>,\r\n <ANN@example.com>');
    expect(headers).not.toMatch(/^bcc:/im);
    expect(source).not.toContain("audit@shop.example");
    expect(source).toContain("filename*=UTF-8''%C3%9Cbersicht.txt");
    expect(source).toContain("Content-ID: <logo@shop.example>");
  });

  it("dot-stuffs lines that start with a dot, so they arrive intact", async () => {
    const provider = smtpProvider({ host: "127.0.0.1", port: maildev.smtpPort, security: "none" });
    const text = ".leading dot\n.\n..two dots\nend";
    expect((await provider.send(message("dots", { text }))).ok).toBe(true);

    const email = await receivedEmail(maildev.api, "dots");
    expect(email.text?.trimEnd()).toBe(text);
    expect(await receivedSource(maildev.api, email.id)).toContain(
      "\r\n\r\n.leading dot\r\n.\r\n..two dots\r\nend\r\n",
    );
  });

  it("sends a batch, each message signed with its own DKIM key", async () => {
    const provider = smtpProvider({ host: "127.0.0.1", port: maildev.smtpPort, security: "none" });
    const [shopKey, otherKey] = await Promise.all([generateDkimKey(), generateDkimKey()]);
    const results = await provider.sendBatch([
      message("batch-a", {
        dkim: { domain: "shop.example", selector: "s1", privateKeyPkcs8: shopKey.privateKeyPkcs8 },
      }),
      message("batch-b", {
        from: { email: "news@other.example" },
        dkim: { domain: "other.example", selector: "s2", privateKeyPkcs8: otherKey.privateKeyPkcs8 },
      }),
      message("batch-c"),
    ]);
    expect(results).toMatchObject([{ ok: true }, { ok: true }, { ok: true }]);

    const signature = async (testId: string) => {
      const email = await receivedEmail(maildev.api, testId);
      const source = await receivedSource(maildev.api, email.id);
      const headers = source.slice(0, source.indexOf("\r\n\r\n")).replace(/\r\n(?=[ \t])/g, "");
      return headers.split("\r\n").find((line) => line.startsWith("DKIM-Signature:")) ?? "";
    };
    expect(await signature("batch-a")).toMatch(/\bd=shop\.example;.*\bs=s1;/);
    expect(await signature("batch-b")).toMatch(/\bd=other\.example;.*\bs=s2;/);
    expect(await signature("batch-c")).toBe("");
  });

  it("sends over TLS with AUTH, checking the server's certificate", async () => {
    const provider = smtpProvider({
      host: "localhost",
      port: secure.smtpPort,
      security: "tls",
      username: secure.user,
      password: secure.pass,
    });
    expect(await provider.send(message("tls"))).toMatchObject({ ok: true });
    expect((await receivedEmail(secure.api, "tls")).subject).toBe("Test tls");
  });

  it("reports refused credentials as permanent smtp_535", async () => {
    const provider = smtpProvider({
      host: "localhost",
      port: secure.smtpPort,
      security: "tls",
      username: secure.user,
      password: "wrong",
    });
    expect(await provider.send(message("bad-auth"))).toMatchObject({
      ok: false,
      retryable: false,
      code: "smtp_535",
    });
  });

  it("is configured by one SMTP_URL", async () => {
    const user = encodeURIComponent(secure.user);
    const pass = encodeURIComponent(secure.pass);
    const provider = smtpProviderFromUrl(`smtps://${user}:${pass}@localhost:${secure.smtpPort}`);
    expect(await provider.send(message("url-tls"))).toMatchObject({ ok: true });
    const plain = smtpProviderFromUrl(`smtp://127.0.0.1:${maildev.smtpPort}?security=none`);
    expect(await plain.send(message("url-plain"))).toMatchObject({ ok: true });
    expect((await receivedEmail(maildev.api, "url-plain")).subject).toBe("Test url-plain");
  });
});
