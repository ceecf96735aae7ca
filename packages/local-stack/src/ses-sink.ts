import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const MESSAGE_ID_HEADER = /^X-Edgepost-Message-Id:[ \t]*(\S+)/im;

/** The `X-Edgepost-Message-Id` of a raw MIME message (base64, as `Content.Raw.Data`), if any. */
function rawMessageId(data: string): string | undefined {
  const text = Buffer.from(data, "base64").toString("utf8");
  const end = text.search(/\r?\n\r?\n/);
  const head = (end === -1 ? text : text.slice(0, end)).replace(/\r?\n(?=[ \t])/g, "");
  return MESSAGE_ID_HEADER.exec(head)?.[1];
}

/** What SES reads from a `SendEmail` body: the message, raw or simple; nothing else is checked. */
function content(body: unknown): { messageId: string | undefined } | string {
  const value = (object: unknown, name: string): unknown =>
    typeof object === "object" && object !== null ? Reflect.get(object, name) : undefined;
  const data = value(value(value(body, "Content"), "Raw"), "Data");
  if (typeof data === "string") {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data)) return "Content.Raw.Data must be base64";
    return { messageId: rawMessageId(data) };
  }
  const simple = value(value(body, "Content"), "Simple");
  if (simple === undefined) return "Content must hold Raw or Simple";
  if (typeof value(body, "FromEmailAddress") !== "string") return "FromEmailAddress is required";
  if (!Array.isArray(value(value(body, "Destination"), "ToAddresses"))) return "Destination is required";
  const headers = value(simple, "Headers");
  const header = Array.isArray(headers)
    ? headers.find((entry) => String(value(entry, "Name")).toLowerCase() === "x-edgepost-message-id")
    : undefined;
  const messageId = value(header, "Value");
  return { messageId: typeof messageId === "string" ? messageId : undefined };
}

/**
 * A stand-in for Amazon SES v2 `SendEmail` (`POST /v2/email/outbound-emails`), a provider without
 * a batch endpoint: one message per request, `200 {"MessageId"}` out, errors as AWS REST-JSON
 * (`x-amzn-ErrorType` and `{"message"}`). It requires a SigV4 `Authorization` header but does not
 * verify the signature. It counts what it accepted, per Edgepost message id (the
 * `X-Edgepost-Message-Id` header of the raw MIME message or of `Content.Simple.Headers`).
 */
export async function startSesSink() {
  const deliveries = new Map<string, number>();
  let requests = 0;
  const answer = (res: ServerResponse, status: number, body: unknown, errorType?: string) => {
    res.writeHead(status, {
      "content-type": "application/json",
      "x-amzn-requestid": randomUUID(),
      ...(errorType ? { "x-amzn-errortype": errorType } : {}),
    });
    res.end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || req.url !== "/v2/email/outbound-emails") {
      return answer(res, 404, { message: "Not Found" }, "NotFoundException");
    }
    if (!req.headers.authorization?.startsWith("AWS4-HMAC-SHA256 ")) {
      return answer(
        res,
        403,
        { message: "Missing Authentication Token" },
        "MissingAuthenticationTokenException",
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      return answer(res, 400, { message: "The request body is not valid JSON" }, "BadRequestException");
    }
    const message = content(body);
    if (typeof message === "string") return answer(res, 400, { message }, "BadRequestException");
    if (message.messageId) deliveries.set(message.messageId, (deliveries.get(message.messageId) ?? 0) + 1);
    answer(res, 200, { MessageId: `0102${randomBytes(6).toString("hex")}-${randomUUID()}-000000` });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      answer(res, 500, { message: String(error) }, "InternalFailure"),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** How often SES accepted (and would have sent) each Edgepost message. */
    deliveries,
    /** HTTP requests received: one per message. */
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
