import type { SmtpSettings } from "./smtp-config";
import { SmtpConnection, SmtpFailure, type SmtpReply } from "./smtp-connection";

export interface Envelope {
  from: string;
  to: readonly string[];
}

/** 4xx → retryable, 5xx → permanent, both as `smtp_<code>`; anything else is a protocol error. */
function refused(reply: SmtpReply, what: string): SmtpFailure {
  const text = `${what} refused: ${reply.code} ${reply.lines.join(" ")}`.slice(0, 500);
  if (reply.code >= 400 && reply.code < 500) return new SmtpFailure(`smtp_${reply.code}`, true, text);
  if (reply.code >= 500 && reply.code < 600) return new SmtpFailure(`smtp_${reply.code}`, false, text);
  return new SmtpFailure("smtp_protocol", true, `${what}: unexpected reply ${reply.code}`);
}

function expect(reply: SmtpReply, codes: readonly number[], what: string): void {
  if (!codes.includes(reply.code)) throw refused(reply, what);
}

type Capabilities = Map<string, string[]>;

/** EHLO, or HELO when the server refuses EHLO with a 5xx (no extensions then). */
async function hello(connection: SmtpConnection, name: string): Promise<Capabilities> {
  const reply = await connection.command(`EHLO ${name}`, "EHLO");
  if (reply.code === 250) {
    const entries = reply.lines.slice(1).map((line): [string, string[]] => {
      const [keyword = "", ...params] = line.trim().split(/[\s=]+/);
      return [keyword.toUpperCase(), params.map((param) => param.toUpperCase())];
    });
    return new Map(entries);
  }
  if (reply.code < 500 || reply.code >= 600) throw refused(reply, "EHLO");
  expect(await connection.command(`HELO ${name}`, "HELO"), [250], "HELO");
  return new Map();
}

const base64 = (text: string): string => {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
};

/** AUTH PLAIN when offered, else AUTH LOGIN (RFC 4954); the secrets never appear in errors. */
async function authenticate(
  connection: SmtpConnection,
  capabilities: Capabilities,
  user: string,
  pass: string,
) {
  const mechanisms = capabilities.get("AUTH") ?? [];
  if (mechanisms.includes("PLAIN")) {
    const reply = await connection.command(`AUTH PLAIN ${base64(`\0${user}\0${pass}`)}`, "AUTH PLAIN");
    return expect(reply, [235], "AUTH PLAIN");
  }
  if (mechanisms.includes("LOGIN")) {
    expect(await connection.command("AUTH LOGIN"), [334], "AUTH LOGIN");
    expect(await connection.command(base64(user), "AUTH LOGIN username"), [334], "AUTH LOGIN username");
    return expect(await connection.command(base64(pass), "AUTH LOGIN password"), [235], "AUTH LOGIN");
  }
  const offered = mechanisms.length > 0 ? mechanisms.join(" ") : "none";
  throw new SmtpFailure(
    "auth_unsupported",
    false,
    `server offers no AUTH PLAIN or LOGIN (offers: ${offered})`,
  );
}

/** The DATA block: CRLF line breaks, lines starting with "." doubled (RFC 5321 4.5.2), ended by ".". */
function dataBlock(message: string): string {
  const lines = message.replace(/\r\n|\r|\n/g, "\r\n").split("\r\n");
  if (lines.at(-1) === "") lines.pop();
  return `${lines.map((line) => (line.startsWith(".") ? `.${line}` : line)).join("\r\n")}\r\n.\r\n`;
}

const TLS_MODE = { none: "off", starttls: "starttls", tls: "on" } as const;

/** The server answered the command (`smtp_<code>`), as opposed to a lost, silent or garbled connection. */
const answered = (error: unknown): error is SmtpFailure =>
  error instanceof SmtpFailure && /^smtp_\d{3}$/.test(error.code);

const accepted = (reply: SmtpReply): boolean => reply.code === 250 || reply.code === 251;

/**
 * One SMTP session for any number of messages: greeting, EHLO, STARTTLS and AUTH once, then a mail
 * transaction per message (MAIL, RCPT…, DATA), QUIT at the end. A refused transaction is reset
 * (RSET) before the next one. When the server offers PIPELINING (RFC 2920), a transaction's
 * commands go in one write and their replies are read in order.
 */
export class SmtpSession {
  /** False once the connection is lost, silent, garbled, closed by the server (421) or abandoned. */
  usable = true;
  /** The last transaction was refused: RSET before the next. */
  private dirty = false;

  private constructor(
    private readonly connection: SmtpConnection,
    private readonly pipelining: boolean,
  ) {}

  /** Connects and gets the session ready for mail. Throws SmtpFailure. */
  static async open(settings: SmtpSettings, heloName: string): Promise<SmtpSession> {
    const connection = await SmtpConnection.open({
      host: settings.host,
      port: settings.port,
      tls: TLS_MODE[settings.security],
      timeoutMs: settings.timeoutMs,
    });
    try {
      expect(await connection.read("greeting"), [220], "greeting");
      let capabilities = await hello(connection, heloName);
      if (settings.security === "starttls") {
        if (!capabilities.has("STARTTLS")) {
          throw new SmtpFailure("starttls_unavailable", true, "the server does not offer STARTTLS");
        }
        expect(await connection.command("STARTTLS"), [220], "STARTTLS");
        connection.startTls();
        capabilities = await hello(connection, heloName);
      }
      if (settings.username !== undefined) {
        await authenticate(connection, capabilities, settings.username, settings.password ?? "");
      }
      return new SmtpSession(connection, capabilities.has("PIPELINING"));
    } catch (error) {
      if (answered(error)) await connection.command("QUIT").catch(() => {});
      await connection.close();
      throw error;
    }
  }

  /**
   * One mail transaction: all recipients or none. Throws SmtpFailure: a refusal leaves the session
   * usable; anything else closes it (`unknownOutcome` when lost after the whole message was written).
   */
  async send(envelope: Envelope, message: string): Promise<void> {
    try {
      await this.transaction(envelope, message);
    } catch (error) {
      if (!answered(error) || error.code === "smtp_421") this.usable = false;
      if (!this.usable) await this.connection.close();
      throw error;
    }
  }

  /** QUIT (when the session is still usable) and close. */
  async quit(): Promise<void> {
    if (this.usable) await this.connection.command("QUIT").catch(() => {});
    this.usable = false;
    await this.connection.close();
  }

  private async transaction(envelope: Envelope, message: string): Promise<void> {
    const reset = this.dirty;
    this.dirty = true;
    const mail = `MAIL FROM:<${envelope.from}>`;
    const recipients = envelope.to.map((to) => `RCPT TO:<${to}>`);
    if (this.pipelining) await this.pipelined(reset, mail, recipients);
    else {
      if (reset) this.expectReset(await this.connection.command("RSET"));
      expect(await this.connection.command(mail, "MAIL FROM"), [250], "MAIL FROM");
      for (const rcpt of recipients)
        expect(await this.connection.command(rcpt, "RCPT TO"), [250, 251], "RCPT TO");
      expect(await this.connection.command("DATA"), [354], "DATA");
    }
    await this.connection.write(dataBlock(message), "message data");
    // From here the server may have taken the message: a reply that never comes leaves it unknown.
    const reply = await this.connection.read("end of data").catch((error: unknown) => {
      if (error instanceof SmtpFailure)
        throw new SmtpFailure(error.code, error.retryable, error.message, true);
      throw error;
    });
    this.dirty = false;
    expect(reply, [250], "end of data");
  }

  /**
   * RSET, MAIL and every RCPT in one write, then their replies in order. DATA joins them only for a
   * single recipient: with several, one refused after others were accepted would leave a DATA that
   * cannot be ended without delivering an empty message to the others, so DATA waits for the replies.
   */
  private async pipelined(reset: boolean, mail: string, recipients: readonly string[]): Promise<void> {
    const withData = recipients.length === 1;
    const lines = [...(reset ? ["RSET"] : []), mail, ...recipients, ...(withData ? ["DATA"] : [])];
    await this.connection.write(lines.map((line) => `${line}\r\n`).join(""), "MAIL FROM");
    if (reset) this.expectReset(await this.connection.read("RSET"));
    const mailReply = await this.connection.read("MAIL FROM");
    const recipientReplies: SmtpReply[] = [];
    for (const _ of recipients) recipientReplies.push(await this.connection.read("RCPT TO"));
    const dataReply = withData ? await this.connection.read("DATA") : undefined;

    const refusedRecipient = recipientReplies.find((reply) => !accepted(reply));
    const refusal =
      mailReply.code !== 250
        ? refused(mailReply, "MAIL FROM")
        : refusedRecipient && refused(refusedRecipient, "RCPT TO");
    if (refusal !== undefined) {
      if (dataReply?.code === 354) {
        // DATA accepted all the same (RFC 2920 3.1): the empty message "." reaches nobody only when
        // no recipient was accepted; otherwise only dropping the connection abandons the transaction.
        if (recipientReplies.some(accepted)) this.usable = false;
        else await this.connection.command(".", "empty data").catch(() => (this.usable = false));
      }
      throw refusal;
    }
    expect(dataReply ?? (await this.connection.command("DATA")), [354], "DATA");
  }

  /** A server that refuses RSET cannot be trusted with the next transaction. */
  private expectReset(reply: SmtpReply): void {
    if (reply.code !== 250)
      throw new SmtpFailure("smtp_protocol", true, `RSET: unexpected reply ${reply.code}`);
  }
}
