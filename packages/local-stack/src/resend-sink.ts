import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the sink took under an `Idempotency-Key`, and what it answered. */
interface Accepted {
  body: string;
  answer: unknown;
}

/** `POST /emails/batch` takes at most this many emails. */
const BATCH_SIZE = 100;

type Email = Record<string, unknown>;

const resendError = (statusCode: number, name: string, message: string) => ({ statusCode, name, message });

/** Resend's check of one email: the required fields; in a batch, no attachments or scheduling. */
function invalidEmail(email: unknown, batch: boolean): string | undefined {
  if (typeof email !== "object" || email === null || Array.isArray(email)) return "must be an object";
  const { from, to, subject } = email as Email;
  if (typeof from !== "string" || typeof subject !== "string") return "`from` and `subject` are required";
  if (typeof to !== "string" && !Array.isArray(to)) return "`to` is required";
  if (batch && ("attachments" in email || "scheduled_at" in email)) {
    return "`attachments` and `scheduled_at` are not supported in batch emails";
  }
  return undefined;
}

/**
 * A stand-in for Resend's `POST /emails` and `POST /emails/batch`, speaking their documented wire
 * format: bearer auth, JSON in, `200 {"id"}` and `200 {"data":[{"id"}…]}` out (a batch in strict
 * validation: one invalid email refuses them all), and their idempotency: the same `Idempotency-Key`
 * with the same body answers the first response again without sending; with another body,
 * `409 invalid_idempotent_request`. It counts what it accepted, per Edgepost message id (the
 * `X-Edgepost-Message-Id` header of each email).
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
  /** Takes the emails: an id each, a delivery counted for each Edgepost message. */
  const accept = (emails: readonly Email[]): string[] =>
    emails.map((email) => {
      const headers = email.headers as Record<string, unknown> | undefined;
      const messageId = headers?.["X-Edgepost-Message-Id"];
      if (typeof messageId === "string") deliveries.set(messageId, (deliveries.get(messageId) ?? 0) + 1);
      return randomUUID();
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const batch = req.url === "/emails/batch";
    if (req.method !== "POST" || (req.url !== "/emails" && !batch)) {
      return answer(res, 404, resendError(404, "not_found", "The requested endpoint does not exist."));
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return answer(
        res,
        401,
        resendError(401, "missing_api_key", "Missing API key in the authorization header."),
      );
    }
    const key = req.headers["idempotency-key"];
    const previous = typeof key === "string" ? byKey.get(key) : undefined;
    if (previous) {
      if (previous.body !== body) {
        return answer(
          res,
          409,
          resendError(
            409,
            "invalid_idempotent_request",
            "Same idempotency key used with a different request payload.",
          ),
        );
      }
      replays++;
      return answer(res, 200, previous.answer);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return answer(res, 422, resendError(422, "validation_error", "The request body is not valid JSON."));
    }
    const emails = batch ? parsed : [parsed];
    if (!Array.isArray(emails) || emails.length === 0 || emails.length > BATCH_SIZE) {
      return answer(
        res,
        422,
        resendError(422, "validation_error", `A batch is an array of 1 to ${BATCH_SIZE} emails.`),
      );
    }
    for (const [index, email] of emails.entries()) {
      const problem = invalidEmail(email, batch);
      if (problem) {
        const where = batch ? `Email ${index}: ` : "";
        return answer(res, 422, resendError(422, "validation_error", `${where}${problem}`));
      }
    }
    const ids = accept(emails as Email[]);
    const reply = batch ? { data: ids.map((id) => ({ id })) } : { id: ids[0] };
    if (typeof key === "string") byKey.set(key, { body, answer: reply });
    answer(res, 200, reply);
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
    /** HTTP requests received, single and batch alike. */
    requests: () => requests,
    /** Requests repeating a key the sink had already accepted: a sender retrying after losing the answer. */
    replays: () => replays,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
