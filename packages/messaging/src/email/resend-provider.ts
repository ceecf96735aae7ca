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
import type { EmailProvider, SendBatchOptions, SendResult } from "./provider";
import { sendEach } from "./send-each";

export interface ResendConfig extends HttpApiOptions {
  /** `re_…`, sent as `Authorization: Bearer`. */
  apiKey: string;
}

/** 409 `concurrent_idempotent_requests`: the first request with this key is still running. */
const RETRYABLE_ERRORS = new Set(["concurrent_idempotent_requests"]);

function failure(reply: Reply): Failure {
  const name = field(reply.json, "name");
  const known = name !== undefined && /^[a-z0-9_]{1,100}$/.test(name);
  const text = field(reply.json, "message") ?? reply.text.slice(0, 200);
  return {
    ok: false,
    retryable: retryableStatus(reply.status) || (known && RETRYABLE_ERRORS.has(name)),
    code: known ? `resend_${name}` : `http_${reply.status}`,
    message: `Resend ${reply.status} ${name ?? ""}: ${text}`.slice(0, 500),
  };
}

const addresses = (mailboxes: ValidEmailMessage["to"] | undefined) =>
  mailboxes !== undefined && mailboxes.length > 0 ? mailboxes.map(mailboxText) : undefined;

/** Resend's `POST /emails` body (https://resend.com/docs/api-reference/emails/send-email). */
function requestBody(message: ValidEmailMessage) {
  const headers = apiHeaders(message);
  return {
    from: mailboxText(message.from),
    to: addresses(message.to),
    cc: addresses(message.cc),
    bcc: addresses(message.bcc),
    reply_to: message.replyTo && mailboxText(message.replyTo),
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: headers.length > 0 ? Object.fromEntries(headers) : undefined,
    attachments: message.attachments?.map((file) => ({
      filename: file.filename,
      content: file.contentBase64,
      content_type: file.contentType,
      ...(file.contentId === undefined ? {} : { content_id: file.contentId }),
    })),
    tags: message.tags && Object.entries(message.tags).map(([name, value]) => ({ name, value })),
  };
}

/** `POST /emails/batch` takes at most this many emails, none with attachments. */
const BATCH_SIZE = 100;
/** Single requests at a time for what the batch endpoint cannot take (Resend allows 2 per second by default). */
const SINGLES_IN_FLIGHT = 2;
/** Refusals that every message would get alone as well: no point in sending them one by one. */
const ACCOUNT_ERRORS = new Set(["missing_api_key", "invalid_api_key", "restricted_api_key"]);

/**
 * A batch refused as a whole for what may be one email's fault (strict validation): nothing was
 * sent, so its messages may go one by one. Not after a 409, whose key may have sent them already.
 */
function refusedForContent(reply: Reply, result: Failure): boolean {
  const name = field(reply.json, "name");
  return !result.retryable && [400, 403, 422].includes(reply.status) && !ACCOUNT_ERRORS.has(name ?? "");
}

/** A message of a `sendBatch` call and its place in it. */
interface Single {
  index: number;
  message: EmailMessage;
}

/** The ids of a batch answer (`{"data":[{"id"}…]}`) paired with the group, or undefined unless there is one per email. */
function batchIds<T>(reply: Reply, group: readonly T[]): [T, string][] | undefined {
  const data =
    typeof reply.json === "object" && reply.json !== null ? Reflect.get(reply.json, "data") : undefined;
  const ids = answerEntries(data, group)?.map(([item, entry]): [T, string | undefined] => [
    item,
    field(entry, "id"),
  ]);
  return ids?.every((pair): pair is [T, string] => pair[1] !== undefined && pair[1] !== "") ? ids : undefined;
}

/**
 * Resend's `POST /emails`, with the message's `idempotencyKey` as `Idempotency-Key`: Resend answers
 * a repeated key (for 24 hours) with the first answer instead of sending again, so this provider is
 * idempotent — as long as the caller passes the key, as the platform does (its message id).
 * `providerMessageId` is Resend's `id`.
 * 400/422 validation errors, 401/403 key or sender problems, 409 `invalid_idempotent_request` →
 * permanent `resend_<name>`; 429 (`rate_limit_exceeded`, `daily_quota_exceeded`), 409
 * `concurrent_idempotent_requests` and 5xx → retryable. Throws at once when the configuration is invalid.
 *
 * `sendBatch` posts `POST /emails/batch` (https://resend.com/docs/api-reference/emails/send-batch-emails)
 * in requests of 100, the call's key + `-<request number>` as `Idempotency-Key`; messages with
 * attachments, which the batch endpoint does not take, go alone with their own key. A batch refused
 * for its content is sent again one message at a time, so one bad email does not fail the others.
 */
export function resendProvider(config: ResendConfig): EmailProvider {
  if (!config.apiKey || !/^[\x21-\x7e]+$/.test(config.apiKey)) {
    throw new Error("Invalid Resend configuration: apiKey is required (printable ASCII)");
  }
  const api = httpApi("Resend", "https://api.resend.com", config);
  const post = (path: string, body: string, key: string | undefined) =>
    exchange(api.timeoutMs, (signal) =>
      fetch(`${api.base}${path}`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${config.apiKey}`,
          "content-type": "application/json",
          ...(key === undefined ? {} : { "idempotency-key": key }),
        },
        body,
        signal,
      }),
    );

  async function send(input: EmailMessage): Promise<SendResult> {
    const message = validMessage(input);
    if ("ok" in message) return message;
    const reply = await post("/emails", JSON.stringify(requestBody(message)), message.idempotencyKey);
    if ("ok" in reply) return reply;
    if (reply.status < 200 || reply.status >= 300) return failure(reply);
    const id = field(reply.json, "id");
    return id
      ? { ok: true, providerMessageId: id }
      : unreadableSuccess(reply, message.idempotencyKey !== undefined);
  }

  /** Messages alone, each with its own key, `results` filled in at their places. */
  const sendAlone = (items: readonly Single[], results: SendResult[]) =>
    sendEach(items, SINGLES_IN_FLIGHT, async ({ index, message }) => {
      results[index] = await send(message);
    });

  /** One `POST /emails/batch` for the group, `results` filled in at its messages' places. */
  async function sendGroup(
    group: readonly (Single & BatchItem)[],
    key: string | undefined,
    results: SendResult[],
  ) {
    const reply = await post("/emails/batch", batchBody(group), key);
    const answer = (result: SendResult) => {
      for (const { index } of group) results[index] = result;
    };
    if ("ok" in reply) return answer(reply);
    if (reply.status < 200 || reply.status >= 300) {
      const refusal = failure(reply);
      if (group.length > 1 && refusedForContent(reply, refusal)) return sendAlone(group, results);
      return answer(refusal);
    }
    const ids = batchIds(reply, group);
    if (ids === undefined) return answer(unreadableSuccess(reply, key !== undefined));
    for (const [{ index }, id] of ids) results[index] = { ok: true, providerMessageId: id };
  }

  return {
    name: "resend",
    idempotent: true,
    send,
    async sendBatch(inputs: readonly EmailMessage[], options: SendBatchOptions = {}): Promise<SendResult[]> {
      const results: SendResult[] = new Array(inputs.length);
      const batched: (Single & BatchItem)[] = [];
      const alone: Single[] = [];
      inputs.forEach((input, index) => {
        const message = validMessage(input);
        if ("ok" in message) results[index] = message;
        else if (message.attachments !== undefined && message.attachments.length > 0) {
          alone.push({ index, message: input });
        } else batched.push({ index, message: input, json: JSON.stringify(requestBody(message)) });
      });
      for (const [number, group] of batchRequests(batched, BATCH_SIZE).entries()) {
        const key = options.idempotencyKey === undefined ? undefined : `${options.idempotencyKey}-${number}`;
        await sendGroup(group, key, results);
      }
      await sendAlone(alone, results);
      return results;
    },
  };
}
