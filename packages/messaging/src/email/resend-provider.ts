import {
  apiHeaders,
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

/**
 * Resend's `POST /emails`, with the message's `idempotencyKey` as `Idempotency-Key`: Resend answers
 * a repeated key (for 24 hours) with the first answer instead of sending again, so this provider is
 * idempotent — as long as the caller passes the key, as the platform does (its message id).
 * `providerMessageId` is Resend's `id`.
 * 400/422 validation errors, 401/403 key or sender problems, 409 `invalid_idempotent_request` →
 * permanent `resend_<name>`; 429 (`rate_limit_exceeded`, `daily_quota_exceeded`), 409
 * `concurrent_idempotent_requests` and 5xx → retryable. Throws at once when the configuration is invalid.
 */
export function resendProvider(config: ResendConfig): EmailProvider {
  if (!config.apiKey || !/^[\x21-\x7e]+$/.test(config.apiKey)) {
    throw new Error("Invalid Resend configuration: apiKey is required (printable ASCII)");
  }
  const api = httpApi("Resend", "https://api.resend.com", config);

  return {
    name: "resend",
    idempotent: true,
    async send(input: EmailMessage): Promise<SendResult> {
      const message = validMessage(input);
      if ("ok" in message) return message;
      const reply = await exchange(api.timeoutMs, (signal) =>
        fetch(`${api.base}/emails`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${config.apiKey}`,
            "content-type": "application/json",
            ...(message.idempotencyKey === undefined ? {} : { "idempotency-key": message.idempotencyKey }),
          },
          body: JSON.stringify(requestBody(message)),
          signal,
        }),
      );
      if ("ok" in reply) return reply;
      if (reply.status < 200 || reply.status >= 300) return failure(reply);
      const id = field(reply.json, "id");
      return id
        ? { ok: true, providerMessageId: id }
        : unreadableSuccess(reply, message.idempotencyKey !== undefined);
    },
  };
}
