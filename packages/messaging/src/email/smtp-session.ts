import type { SmtpSettings } from "./smtp-config";
import { SmtpConnection, SmtpFailure, type SmtpReply } from "./smtp-connection";

export interface Envelope {
  from: string;
  to: readonly string[];
  heloName: string;
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

/** One SMTP session: greeting, EHLO, STARTTLS, AUTH, MAIL, RCPT…, DATA, QUIT. Throws SmtpFailure. */
export async function deliver(settings: SmtpSettings, envelope: Envelope, message: string): Promise<void> {
  const connection = await SmtpConnection.open({
    host: settings.host,
    port: settings.port,
    tls: TLS_MODE[settings.security],
    timeoutMs: settings.timeoutMs,
  });
  try {
    expect(await connection.read("greeting"), [220], "greeting");
    let capabilities = await hello(connection, envelope.heloName);
    if (settings.security === "starttls") {
      if (!capabilities.has("STARTTLS")) {
        throw new SmtpFailure("starttls_unavailable", true, "the server does not offer STARTTLS");
      }
      expect(await connection.command("STARTTLS"), [220], "STARTTLS");
      connection.startTls();
      capabilities = await hello(connection, envelope.heloName);
    }
    if (settings.username !== undefined) {
      await authenticate(connection, capabilities, settings.username, settings.password ?? "");
    }
    expect(await connection.command(`MAIL FROM:<${envelope.from}>`, "MAIL FROM"), [250], "MAIL FROM");
    for (const recipient of envelope.to) {
      expect(await connection.command(`RCPT TO:<${recipient}>`, "RCPT TO"), [250, 251], "RCPT TO");
    }
    expect(await connection.command("DATA"), [354], "DATA");
    await connection.write(dataBlock(message), "message data");
    // From here the server may have taken the message: a reply that never comes leaves it unknown.
    const reply = await connection.read("end of data").catch((error: unknown) => {
      if (error instanceof SmtpFailure)
        throw new SmtpFailure(error.code, error.retryable, error.message, true);
      throw error;
    });
    expect(reply, [250], "end of data");
    await connection.command("QUIT").catch(() => {});
  } catch (error) {
    const answered =
      error instanceof SmtpFailure && error.code.startsWith("smtp_") && error.code !== "smtp_protocol";
    if (answered) await connection.command("QUIT").catch(() => {});
    throw error;
  } finally {
    await connection.close();
  }
}
