import {
  answerEntries,
  apiHeaders,
  type BatchItem,
  batchBody,
  batchRequests,
  exchange,
  type Failure,
  field,
  type HttpApiOptions,
  httpApi,
  mailboxText,
  type Reply,
  retryableStatus,
  unreadableSuccess,
  validMessage,
} from "./http-api";
import type { EmailMessage, ValidEmailMessage } from "./message";
import type { EmailProvider, SendResult } from "./provider";

export interface PostmarkConfig extends HttpApiOptions {
  /** The server's API token (`X-Postmark-Server-Token`). */
  serverToken: string;
  /** `outbound` (transactional, the default) or a broadcast stream's id. */
  messageStream?: string;
}

/** Postmark's ErrorCodes that pass: 100 maintenance, 429 rate limit. */
const RETRYABLE_ERROR_CODES = new Set(["100", "429"]);

function failure(reply: Reply): Failure {
  const errorCode = field(reply.json, "ErrorCode");
  const text = field(reply.json, "Message") ?? reply.text.slice(0, 200);
  const coded = errorCode !== undefined && errorCode !== "0";
  return {
    ok: false,
    retryable: retryableStatus(reply.status) || (coded && RETRYABLE_ERROR_CODES.has(errorCode)),
    code: coded ? `postmark_${errorCode}` : `http_${reply.status}`,
    message: `Postmark ${reply.status} ErrorCode ${errorCode ?? "none"}: ${text}`.slice(0, 500),
  };
}

/** One entry of a `POST /email/batch` answer: refused as a single send's 422 would be, or accepted. */
function batchEntry(entry: unknown, reply: Reply): SendResult {
  const errorCode = field(entry, "ErrorCode");
  if (errorCode !== undefined && errorCode !== "0") {
    const text = field(entry, "Message") ?? "";
    return {
      ok: false,
      retryable: RETRYABLE_ERROR_CODES.has(errorCode),
      code: `postmark_${errorCode}`,
      message: `Postmark batch ErrorCode ${errorCode}: ${text}`.slice(0, 500),
    };
  }
  const id = field(entry, "MessageID");
  return id ? { ok: true, providerMessageId: id } : unreadableSuccess(reply, false);
}

const list = (mailboxes: ValidEmailMessage["to"] | undefined) =>
  mailboxes !== undefined && mailboxes.length > 0 ? mailboxes.map(mailboxText).join(", ") : undefined;

/** Postmark's `POST /email` body (https://postmarkapp.com/developer/api/email-api). */
function requestBody(message: ValidEmailMessage, messageStream: string) {
  const headers = apiHeaders(message);
  return {
    From: mailboxText(message.from),
    To: list(message.to),
    Cc: list(message.cc),
    Bcc: list(message.bcc),
    ReplyTo: message.replyTo && mailboxText(message.replyTo),
    Subject: message.subject,
    TextBody: message.text,
    HtmlBody: message.html,
    Headers: headers.length > 0 ? headers.map(([Name, Value]) => ({ Name, Value })) : undefined,
    Attachments: message.attachments?.map((file) => ({
      Name: file.filename,
      Content: file.contentBase64,
      ContentType: file.contentType,
      ...(file.contentId === undefined ? {} : { ContentID: `cid:${file.contentId}` }),
    })),
    Metadata: message.tags,
    MessageStream: messageStream,
  };
}

/** `POST /email/batch` takes at most 500 messages and 50 MB. */
const BATCH_SIZE = 500;
const BATCH_BYTES = 50 * 1000 * 1000;

/**
 * Postmark's `POST /email`, authenticated by the server token. `providerMessageId` is Postmark's
 * `MessageID`; tags go as `Metadata`. Not idempotent: Postmark has no idempotency key.
 * A 422 names an `ErrorCode` (300 invalid request, 406 inactive recipient, 412 account pending …)
 * → permanent `postmark_<ErrorCode>`; 401 bad token → permanent; 429, 5xx → retryable.
 * `sendBatch` posts `POST /email/batch` in requests of 500 messages (50 MB); its 200 answer has an
 * entry per message, each with its own `ErrorCode`, classified as above. An `idempotencyKey` is ignored.
 * Throws at once when the configuration is invalid.
 */
export function postmarkProvider(config: PostmarkConfig): EmailProvider {
  if (!config.serverToken || !/^[\x21-\x7e]+$/.test(config.serverToken)) {
    throw new Error("Invalid Postmark configuration: serverToken is required (printable ASCII)");
  }
  const messageStream = config.messageStream ?? "outbound";
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(messageStream)) {
    throw new Error("Invalid Postmark configuration: messageStream must be a stream id such as outbound");
  }
  const api = httpApi("Postmark", "https://api.postmarkapp.com", config);
  const post = (path: string, body: string) =>
    exchange(api.timeoutMs, (signal) =>
      fetch(`${api.base}${path}`, {
        method: "POST",
        headers: {
          accept: "application/json",
          "content-type": "application/json",
          "x-postmark-server-token": config.serverToken,
        },
        body,
        signal,
      }),
    );

  /** One `POST /email/batch` for the group, `results` filled in at its messages' places. */
  async function sendGroup(group: readonly BatchItem[], results: SendResult[]) {
    const reply = await post("/email/batch", batchBody(group));
    const answer = (result: SendResult) => {
      for (const { index } of group) results[index] = result;
    };
    if ("ok" in reply) return answer(reply);
    if (reply.status < 200 || reply.status >= 300) return answer(failure(reply));
    const entries = answerEntries(reply.json, group);
    if (entries === undefined) return answer(unreadableSuccess(reply, false));
    for (const [{ index }, entry] of entries) results[index] = batchEntry(entry, reply);
  }

  return {
    name: "postmark",
    idempotent: false,
    async send(input: EmailMessage): Promise<SendResult> {
      const message = validMessage(input);
      if ("ok" in message) return message;
      const reply = await post("/email", JSON.stringify(requestBody(message, messageStream)));
      if ("ok" in reply) return reply;
      const errorCode = field(reply.json, "ErrorCode");
      if (reply.status < 200 || reply.status >= 300 || (errorCode !== undefined && errorCode !== "0")) {
        return failure(reply);
      }
      const id = field(reply.json, "MessageID");
      return id ? { ok: true, providerMessageId: id } : unreadableSuccess(reply, false);
    },
    async sendBatch(inputs: readonly EmailMessage[]): Promise<SendResult[]> {
      const results: SendResult[] = new Array(inputs.length);
      const batched: BatchItem[] = [];
      inputs.forEach((input, index) => {
        const message = validMessage(input);
        if ("ok" in message) results[index] = message;
        else batched.push({ index, json: JSON.stringify(requestBody(message, messageStream)) });
      });
      for (const group of batchRequests(batched, BATCH_SIZE, BATCH_BYTES)) await sendGroup(group, results);
      return results;
    },
  };
}
