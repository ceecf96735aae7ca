import { connect } from "cloudflare:sockets";

/** A failed SMTP exchange, already classified for the delivery worker. */
export class SmtpFailure extends Error {
  override readonly name = "SmtpFailure";
  constructor(
    readonly code: string,
    readonly retryable: boolean,
    message: string,
    /** Lost after the whole message was written, before the server's reply to it. */
    readonly unknownOutcome = false,
  ) {
    super(message);
  }
}

/** One (possibly multi-line) server reply: `250-first` … `250 last` → code 250, both texts. */
export interface SmtpReply {
  code: number;
  lines: string[];
}

const MAX_LINE = 4096;
const REPLY_LINE = /^(\d{3})(?:([ -])(.*))?$/;
const encoder = new TextEncoder();
const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Rejects with a retryable `timeout` failure when `promise` takes longer than `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SmtpFailure("timeout", true, `${what}: no answer within ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

/** The SMTP line protocol over a workerd TCP socket: replies, commands, STARTTLS upgrade. */
export class SmtpConnection {
  private reader: ReadableStreamDefaultReader<Uint8Array>;
  private writer: WritableStreamDefaultWriter<Uint8Array>;
  private decoder = new TextDecoder();
  private buffered = "";
  /** True from a TLS handshake until the first reply read through it. */
  private handshaking = false;

  private constructor(
    private socket: Socket,
    private readonly host: string,
    private readonly timeoutMs: number,
  ) {
    this.reader = socket.readable.getReader();
    this.writer = socket.writable.getWriter();
  }

  /**
   * Connects; with `tls: "on"` the handshake starts right after TCP connects (implicit TLS, port
   * 465), done as an immediate upgrade so a refused port and a failed handshake stay apart.
   */
  static async open(options: {
    host: string;
    port: number;
    tls: "on" | "off" | "starttls";
    timeoutMs: number;
  }) {
    const where = `${options.host}:${options.port}`;
    let socket: Socket | undefined;
    try {
      // connect() itself throws for destinations the runtime refuses (Cloudflare blocks port 25).
      socket = connect(
        { hostname: options.host, port: options.port },
        { secureTransport: options.tls === "off" ? "off" : "starttls", allowHalfOpen: false },
      );
      await within(socket.opened, options.timeoutMs, `connect to ${where}`);
    } catch (error) {
      socket?.close().catch(() => {});
      if (error instanceof SmtpFailure) throw error;
      throw new SmtpFailure("connection_failed", true, `cannot connect to ${where}: ${reason(error)}`);
    }
    const connection = new SmtpConnection(socket, options.host, options.timeoutMs);
    if (options.tls === "on") connection.startTls();
    return connection;
  }

  /** Reads one complete reply, waiting at most the command timeout. */
  read(what: string): Promise<SmtpReply> {
    return within(this.readReply(what), this.timeoutMs, what);
  }

  /** Sends one command line and reads its reply. `label` names it in errors (never the AUTH payload). */
  async command(line: string, label = line): Promise<SmtpReply> {
    await this.write(`${line}\r\n`, label);
    return this.read(label);
  }

  /** Writes raw text (a command line or the whole DATA block), within the command timeout. */
  async write(text: string, what: string): Promise<void> {
    try {
      await within(this.writer.write(encoder.encode(text)), this.timeoutMs, what);
    } catch (error) {
      throw this.lost(error, what);
    }
  }

  /** Switches to TLS (after the server's `220` to STARTTLS, RFC 3207), checking the host's certificate. */
  startTls(): void {
    if (this.buffered !== "") {
      // Plaintext that arrived after "220" would be read as if it came through TLS (CVE-2011-0411).
      throw new SmtpFailure("smtp_protocol", true, "the server sent data before the TLS handshake");
    }
    this.reader.releaseLock();
    this.writer.releaseLock();
    this.socket = this.socket.startTls({ expectedServerHostname: this.host });
    this.reader = this.socket.readable.getReader();
    this.writer = this.socket.writable.getWriter();
    this.decoder = new TextDecoder();
    this.handshaking = true;
  }

  /** Closes the socket; a close that never completes (a TLS handshake stuck on a plaintext peer) is let go. */
  async close(): Promise<void> {
    await within(this.socket.close(), this.timeoutMs, "close").catch(() => {});
  }

  private async readReply(what: string): Promise<SmtpReply> {
    const lines: string[] = [];
    let first: number | undefined;
    for (;;) {
      const line = await this.readLine(what);
      const match = REPLY_LINE.exec(line);
      const code = Number(match?.[1]);
      if (!match || (first !== undefined && code !== first)) {
        throw new SmtpFailure("smtp_protocol", true, `${what}: malformed reply "${line.slice(0, 200)}"`);
      }
      first = code;
      lines.push(match[3] ?? "");
      if (match[2] !== "-") return { code, lines };
    }
  }

  private async readLine(what: string): Promise<string> {
    for (;;) {
      const end = this.buffered.indexOf("\n");
      if (end >= 0) {
        const line = this.buffered.slice(0, end).replace(/\r$/, "");
        this.buffered = this.buffered.slice(end + 1);
        return line;
      }
      if (this.buffered.length > MAX_LINE) {
        throw new SmtpFailure("smtp_protocol", true, `${what}: reply line too long`);
      }
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await this.reader.read();
      } catch (error) {
        throw this.lost(error, what);
      }
      if (chunk.done) throw this.lost(new Error("the server closed the connection"), what);
      this.handshaking = false;
      this.buffered += this.decoder.decode(chunk.value, { stream: true });
    }
  }

  private lost(error: unknown, what: string): SmtpFailure {
    if (error instanceof SmtpFailure) return error;
    if (this.handshaking) return new SmtpFailure("tls_failed", true, `${what}: TLS failed: ${reason(error)}`);
    return new SmtpFailure("connection_lost", true, `${what}: ${reason(error)}`);
  }
}
