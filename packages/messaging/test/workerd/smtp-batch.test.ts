import { describe, expect, inject, it } from "vitest";
import { type EmailMessage, smtpProvider } from "../../src/index";
import type { Scenario } from "../provided-context";

const scripted = inject("scripted");

const message = (subject: string, ...to: string[]): EmailMessage => ({
  from: { email: "news@shop.example" },
  to: to.map((email) => ({ email })),
  subject,
  text: `Body of ${subject}`,
});

interface Transcript {
  serial: number;
  commands: string[];
  reads: string[][];
  data: string;
}
const transcript = async (scenario: Scenario): Promise<Transcript> =>
  (await fetch(`${inject("transcripts")}/${scenario}`)).json();

/** Sends the batch and tells how many connections it took (the scripted servers count them). */
async function sendBatch(scenario: Scenario, messages: EmailMessage[]) {
  const before = (await transcript(scenario)).serial;
  const provider = smtpProvider({
    host: "127.0.0.1",
    port: scripted[scenario],
    security: "none",
    timeoutMs: 2_000,
  });
  const results = await provider.sendBatch(messages);
  const seen = await transcript(scenario);
  return { results, connections: seen.serial - before, seen };
}

const mail = "MAIL FROM:<news@shop.example>";
const rcpt = (name: string) => `RCPT TO:<${name}@example.com>`;
const ok = { ok: true, providerMessageId: expect.stringMatching(/^<[0-9a-f]{32}@shop\.example>$/) };
const noSuchUser = {
  ok: false,
  retryable: false,
  code: "smtp_550",
  message: "RCPT TO refused: 550 5.1.1 no such user here",
};

describe("smtpProvider.sendBatch", () => {
  it("hands every message over one connection, a mail transaction each, and QUITs once", async () => {
    const { results, connections, seen } = await sendBatch("refusesBob", [
      message("One", "ann@example.com"),
      message("Two", "cy@example.com"),
      message("Three", "dan@example.com"),
    ]);
    expect(results).toEqual([ok, ok, ok]);
    expect(new Set(results.map((result) => (result.ok ? result.providerMessageId : ""))).size).toBe(3);
    expect(connections).toBe(1);
    expect(seen.commands).toEqual([
      "EHLO shop.example",
      ...[rcpt("ann"), rcpt("cy"), rcpt("dan")].flatMap((to) => [mail, to, "DATA"]),
      "QUIT",
    ]);
    expect(seen.data).toMatch(/Subject: One\r\n[\s\S]*Subject: Two\r\n[\s\S]*Subject: Three\r\n/);
  });

  it("fails only the message whose RCPT is refused, and resets before the next one", async () => {
    const { results, connections, seen } = await sendBatch("refusesBob", [
      message("One", "ann@example.com"),
      message("Two", "bob@example.com"),
      message("Three", "cy@example.com"),
    ]);
    expect(results).toEqual([ok, noSuchUser, ok]);
    expect(connections).toBe(1);
    expect(seen.commands).toEqual([
      "EHLO shop.example",
      ...[mail, rcpt("ann"), "DATA"],
      ...[mail, rcpt("bob")],
      ...["RSET", mail, rcpt("cy"), "DATA"],
      "QUIT",
    ]);
    expect(seen.data).not.toContain("Subject: Two");
  });

  it("pipelines MAIL, RCPT and DATA in one write when the server offers PIPELINING", async () => {
    const { results, connections, seen } = await sendBatch("pipeliningRefusesBob", [
      message("One", "ann@example.com"),
      message("Two", "bob@example.com"),
      message("Three", "cy@example.com"),
    ]);
    expect(results).toEqual([ok, noSuchUser, ok]);
    expect(connections).toBe(1);
    expect(seen.reads).toEqual([
      ["EHLO shop.example"],
      [mail, rcpt("ann"), "DATA"],
      [mail, rcpt("bob"), "DATA"],
      ["RSET", mail, rcpt("cy"), "DATA"],
      ["QUIT"],
    ]);
    expect(seen.data).toContain("Subject: One\r\n");
    expect(seen.data).not.toContain("Subject: Two");
    expect(seen.data).toContain("Subject: Three\r\n");
  });

  it("with several recipients, sends DATA only once every RCPT was accepted: all or none", async () => {
    const { results, seen } = await sendBatch("pipeliningRefusesBob", [
      message("Both", "ann@example.com", "bob@example.com"),
      message("Pair", "ann@example.com", "cy@example.com"),
    ]);
    expect(results).toEqual([noSuchUser, ok]);
    expect(seen.reads).toEqual([
      ["EHLO shop.example"],
      [mail, rcpt("ann"), rcpt("bob")],
      ["RSET", mail, rcpt("ann"), rcpt("cy")],
      ["DATA"],
      ["QUIT"],
    ]);
    expect(seen.data).not.toContain("Subject: Both");
  });

  it("ends a DATA accepted without recipients with the empty message, which reaches nobody", async () => {
    const { results, connections, seen } = await sendBatch("lenientData", [
      message("One", "bob@example.com"),
      message("Two", "cy@example.com"),
    ]);
    expect(results).toEqual([noSuchUser, ok]);
    expect(connections).toBe(1);
    expect(seen.reads).toEqual([
      ["EHLO shop.example"],
      [mail, rcpt("bob"), "DATA"],
      ["RSET", mail, rcpt("cy"), "DATA"],
      ["QUIT"],
    ]);
    expect(seen.data).not.toContain("Subject: One");
    expect(seen.data).toContain("Subject: Two\r\n");
  });

  it("connection dropped before a message's data: that one fails retryable, the rest go over a new connection", async () => {
    const { results, connections, seen } = await sendBatch("dropsSecondMail", [
      message("One", "ann@example.com"),
      message("Two", "cy@example.com"),
      message("Three", "dan@example.com"),
    ]);
    expect(results).toEqual([
      ok,
      expect.objectContaining({ ok: false, retryable: true, code: "connection_lost" }),
      ok,
    ]);
    expect(results[1]).not.toHaveProperty("unknownOutcome");
    expect(connections).toBe(2);
    expect(seen.data).toContain("Subject: Three\r\n");
  });

  it("connection lost after the data: unknown outcome; once the reconnect is spent the rest are not attempted", async () => {
    const { results, connections } = await sendBatch("closesAfterData", [
      message("One", "ann@example.com"),
      message("Two", "cy@example.com"),
      message("Three", "dan@example.com"),
    ]);
    const lost = { ok: false, retryable: true, code: "connection_lost", unknownOutcome: true };
    expect(results).toMatchObject([lost, lost, { ok: false, retryable: true, code: "connection_lost" }]);
    expect(results[2]).not.toHaveProperty("unknownOutcome");
    expect(results[2]).toMatchObject({ message: expect.stringMatching(/^not attempted/) });
    expect(connections).toBe(2);
  });

  it("fails every message with the session's failure when it cannot be opened", async () => {
    const provider = smtpProvider({ host: "127.0.0.1", port: inject("closedPort"), security: "none" });
    const results = await provider.sendBatch([
      message("One", "ann@example.com"),
      message("Two", "cy@example.com"),
    ]);
    expect(results).toMatchObject([
      { ok: false, retryable: true, code: "connection_failed" },
      { ok: false, retryable: true, code: "connection_failed" },
    ]);
  });

  it("fails an invalid message alone and sends the others", async () => {
    const { results, connections } = await sendBatch("refusesBob", [
      message("One", "ann@example.com"),
      message("Two\r\nBcc: eve@example.com", "cy@example.com"),
      message("Three", "dan@example.com"),
    ]);
    expect(results).toEqual([ok, expect.objectContaining({ ok: false, code: "invalid_message" }), ok]);
    expect(connections).toBe(1);
  });
});
