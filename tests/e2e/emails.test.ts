import { describe, expect, it } from "vitest";
import { useLocalStack } from "./local-stack";

const local = useLocalStack();

interface ReceivedMail {
  id: string;
  subject: string;
  html: string;
  text: string;
  to: { address: string; name: string }[];
  from: { address: string; name: string }[];
  headers: Record<string, string>;
  attachments?: { contentType: string }[];
}

async function received(maildev: string, to: string): Promise<ReceivedMail> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const all = (await (await fetch(`${maildev}/api/email`)).json()) as ReceivedMail[];
    const mail = all.find((m) => m.to.some((r) => r.address === to));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no email to ${to}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("sending an email through the local stack", () => {
  it("takes one POST, and MailDev holds the message with its headers, body and attachment; the API reports it sent", async () => {
    const { info } = local.stack();
    const to = `ann-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const res = await fetch(`${info.api}/v1/emails`, {
      method: "POST",
      headers: { authorization: `Bearer ${info.apiKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        from: `Demo Shop <hello@${info.senderDomain}>`,
        to: `Ann Müller <${to}>`,
        subject: "Grüezi Ann — your order #1042",
        html: "<h1>Thank you</h1><p>Your order is on its way.</p>",
        headers: { "X-Order-Id": "1042" },
        attachments: [
          { filename: "receipt.txt", content: btoa("Order 1042: paid"), contentType: "text/plain" },
        ],
      }),
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };

    const mail = await received(info.maildev, to);
    expect(mail.subject).toBe("Grüezi Ann — your order #1042");
    expect(mail.from).toEqual([{ address: `hello@${info.senderDomain}`, name: "Demo Shop" }]);
    expect(mail.to).toEqual([{ address: to, name: "Ann Müller" }]);
    expect(mail.headers["message-id"]).toBe(`<${id}@${info.senderDomain}>`);
    expect(mail.headers["x-edgepost-message-id"]).toBe(id);
    expect(mail.headers["x-order-id"]).toBe("1042");
    expect(mail.html).toContain("<h1>Thank you</h1>");
    expect(mail.text).toContain("Your order is on its way.");
    expect(JSON.stringify(mail.attachments)).toContain("receipt.txt");

    const deadline = Date.now() + 10_000;
    let status = "";
    while (status !== "sent" && Date.now() < deadline) {
      const got = (await (
        await fetch(`${info.api}/v1/emails/${id}`, { headers: { authorization: `Bearer ${info.apiKey}` } })
      ).json()) as {
        status: string;
        events: { type: string }[];
      };
      status = got.status;
      if (status === "sent") expect(got.events.map((e) => e.type)).toEqual(["queued", "sent"]);
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe("sent");
  });
});
