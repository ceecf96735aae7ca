import { readFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { TLSSocket } from "node:tls";

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
/** Signed by the test CA that workerd is told to trust (vitest.config.ts) — or self-signed. */
const certificates = {
  trusted: { key: fixture("test-server.key"), cert: fixture("test-server.pem") },
  untrusted: { key: fixture("untrusted-server.key"), cert: fixture("untrusted-server.pem") },
};

/** How one scripted server behaves; every reply not scripted is a plain success. */
export interface Script {
  /** Never greet: the client's greeting wait times out. */
  silent?: boolean;
  /** Greet, then drop the connection. */
  closeAfterGreeting?: boolean;
  /** Take the whole message, then drop the connection without answering it. */
  closeAfterData?: boolean;
  /** Refuse EHLO with 502, so the client falls back to HELO. */
  rejectEhlo?: boolean;
  /** Offer STARTTLS (upgrading with the trusted test certificate by default); AUTH and MAIL then require TLS. */
  starttls?: boolean | "untrusted";
  /** Offer these AUTH mechanisms and accept only these credentials. */
  auth?: { mechanisms: string[]; user: string; pass: string };
  /** Replace the reply to a command, e.g. `RCPT: "450 4.2.1 try later"`; may be multi-line. */
  replies?: Partial<Record<"MAIL" | "RCPT" | "DATA" | "END", string>>;
  /** Replace the reply to RCPT TO for these addresses only. */
  recipientReplies?: Record<string, string>;
  /** Offer PIPELINING (RFC 2920). */
  pipelining?: boolean;
  /** Answer DATA with 354 even without an accepted recipient (RFC 2920 warns of such servers). */
  lenientData?: boolean;
  /** Drop the connection instead of answering the nth MAIL FROM of a connection. */
  dropAtMail?: number;
}

/** What the server saw on its last connection: the commands and the message data. */
export interface Transcript {
  /** How many connections the server had taken when this one came (1 for the first). */
  serial: number;
  commands: string[];
  /** The commands again, grouped by the read they arrived in: pipelined ones share a group. */
  reads: string[][];
  data: string;
  secure: boolean;
}

const b64 = (text: string) => Buffer.from(text, "base64").toString("utf8");

/** A tiny SMTP server that follows a {@link Script}, for the failure classes MailDev cannot produce. */
export function scriptedSmtpServer(script: Script): {
  server: Server;
  last: () => Transcript;
  stop: () => Promise<void>;
} {
  let last: Transcript = { serial: 0, commands: [], reads: [], data: "", secure: false };
  let serial = 0;
  const open = new Set<Socket>();
  const server = createServer((plain) => {
    open.add(plain);
    plain.on("close", () => open.delete(plain));
    const transcript: Transcript = { serial: ++serial, commands: [], reads: [], data: "", secure: false };
    last = transcript;
    if (script.silent) return;
    let socket: Socket = plain;
    let buffer = "";
    let inData = false;
    let mails = 0;
    let recipients = 0;
    let read: string[] = [];
    let authStep: "user" | "pass" | undefined;
    let user = "";
    const reply = (text: string) => socket.write(`${text}\r\n`);
    const authOk = (u: string, p: string) =>
      reply(u === script.auth?.user && p === script.auth.pass ? "235 2.7.0 ok" : "535 5.7.8 bad credentials");

    const onLine = (line: string) => {
      if (inData) {
        if (line === ".") {
          inData = false;
          if (script.closeAfterData) return socket.destroy();
          if (recipients === 0) return reply("554 5.5.1 no valid recipients");
          return reply(script.replies?.END ?? "250 2.0.0 queued as SCRIPTED1");
        }
        transcript.data += `${line}\r\n`;
        return;
      }
      transcript.commands.push(line);
      read.push(line);
      if (authStep === "user") {
        user = b64(line);
        authStep = "pass";
        return reply("334 UGFzc3dvcmQ6");
      }
      if (authStep === "pass") {
        authStep = undefined;
        return authOk(user, b64(line));
      }
      const verb = line.split(/[ :]/)[0]?.toUpperCase() ?? "";
      const needsTls = script.starttls && !transcript.secure;
      switch (verb) {
        case "EHLO": {
          if (script.rejectEhlo) return reply("502 5.5.2 EHLO not implemented");
          const extensions = [
            ...(script.starttls && !transcript.secure ? ["STARTTLS"] : []),
            ...(script.auth && !needsTls ? [`AUTH ${script.auth.mechanisms.join(" ")}`] : []),
            ...(script.pipelining ? ["PIPELINING"] : []),
            "8BITMIME",
          ];
          return reply(
            ["scripted.test greets you", ...extensions]
              .map((text, i, all) => `250${i < all.length - 1 ? "-" : " "}${text}`)
              .join("\r\n"),
          );
        }
        case "HELO":
          return reply("250 scripted.test");
        case "STARTTLS": {
          reply("220 2.0.0 ready to start TLS");
          plain.removeAllListeners("data");
          const certificate = certificates[script.starttls === "untrusted" ? "untrusted" : "trusted"];
          socket = new TLSSocket(plain, { isServer: true, ...certificate });
          socket.on("data", onData);
          socket.on("error", () => {});
          transcript.secure = true;
          return;
        }
        case "AUTH": {
          const [, mechanism, initial] = line.split(" ");
          if (mechanism?.toUpperCase() === "PLAIN" && initial) {
            const [, u = "", p = ""] = b64(initial).split("\0");
            return authOk(u, p);
          }
          authStep = "user";
          return reply("334 VXNlcm5hbWU6");
        }
        case "MAIL":
          if (needsTls) return reply("530 5.7.0 must issue STARTTLS first");
          if (++mails === script.dropAtMail) return socket.destroy();
          recipients = 0;
          return reply(script.replies?.MAIL ?? "250 2.1.0 ok");
        case "RCPT": {
          const address = /<(.*)>/.exec(line)?.[1] ?? "";
          const answer = script.recipientReplies?.[address] ?? script.replies?.RCPT ?? "250 2.1.5 ok";
          if (answer.startsWith("25")) recipients++;
          return reply(answer);
        }
        case "DATA":
          if (script.replies?.DATA) return reply(script.replies.DATA);
          if (recipients === 0 && !script.lenientData) return reply("554 5.5.1 no valid recipients");
          inData = true;
          return reply("354 end with <CRLF>.<CRLF>");
        case "RSET":
          recipients = 0;
          return reply("250 2.0.0 reset");
        case "QUIT":
          reply("221 2.0.0 bye");
          return socket.end();
        default:
          return reply("500 5.5.1 unknown command");
      }
    };
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      read = [];
      for (let end = buffer.indexOf("\r\n"); end >= 0; end = buffer.indexOf("\r\n")) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        onLine(line);
      }
      if (read.length > 0) transcript.reads.push(read);
    };
    plain.on("error", () => {});
    plain.on("data", onData);
    reply("220 scripted.test ESMTP");
    if (script.closeAfterGreeting) plain.end();
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      for (const socket of open) socket.destroy();
      server.close(() => resolve());
    });
  return { server, last: () => last, stop };
}
