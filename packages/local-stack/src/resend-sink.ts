import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface Accepted {
  id: string;
  body: string;
  messageId: string | undefined;
}

/**
 * A stand-in for Resend's `POST /emails`, speaking its documented wire format: bearer auth, JSON in,
 * `200 {"id"}` out, and its idempotency: the same `Idempotency-Key` with the same body answers the
 * first response again without sending; with another body, `409 invalid_idempotent_request`.
 * It counts what it accepted, per Edgepost message id (the `X-Edgepost-Message-Id` header).
 */
export async function startResendSink(apiKey: string) {
  const byKey = new Map<string, Accepted>();
  const deliveries = new Map<string, number>();
  let requests = 0;
  let replays = 0;
  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    if (req.method !== "POST" || req.url !== "/emails") {
      return answer(res, 404, {
        statusCode: 404,
        name: "not_found",
        message: "The requested endpoint does not exist.",
      });
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return answer(res, 401, {
        statusCode: 401,
        name: "missing_api_key",
        message: "Missing API key in the authorization header.",
      });
    }
    const key = req.headers["idempotency-key"];
    const previous = typeof key === "string" ? byKey.get(key) : undefined;
    if (previous) {
      if (previous.body !== body) {
        return answer(res, 409, {
          statusCode: 409,
          name: "invalid_idempotent_request",
          message: "Same idempotency key used with a different request payload.",
        });
      }
      replays++;
      return answer(res, 200, { id: previous.id });
    }
    const parsed = JSON.parse(body) as { headers?: Record<string, string> };
    const accepted = { id: randomUUID(), body, messageId: parsed.headers?.["X-Edgepost-Message-Id"] };
    if (typeof key === "string") byKey.set(key, accepted);
    if (accepted.messageId) deliveries.set(accepted.messageId, (deliveries.get(accepted.messageId) ?? 0) + 1);
    answer(res, 200, { id: accepted.id });
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      answer(res, 500, { statusCode: 500, name: "internal_server_error", message: String(error) }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    /** How often the provider accepted (and would have sent) each Edgepost message. */
    deliveries,
    requests: () => requests,
    /** Requests repeating a key the sink had already accepted: a sender retrying after losing the answer. */
    replays: () => replays,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
