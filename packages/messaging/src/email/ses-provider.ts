import { AwsClient } from "aws4fetch";
import { buildMime } from "./build-mime";
import { bytesToBase64 } from "./header-encoding";
import {
  exchange,
  type Failure,
  field,
  type HttpApiOptions,
  httpApi,
  type Reply,
  retryableStatus,
  unreadableSuccess,
  validMessage,
} from "./http-api";
import type { EmailMessage } from "./message";
import type { EmailProvider, SendResult } from "./provider";
import { sendEach } from "./send-each";

export interface SesConfig extends HttpApiOptions {
  accessKeyId: string;
  secretAccessKey: string;
  /** For temporary credentials (STS). */
  sessionToken?: string;
  /** e.g. `eu-central-1`; the endpoint is `https://email.<region>.amazonaws.com` unless given. */
  region: string;
}

/** SES answers these when the account sends too fast or too much: worth trying again later. */
const RETRYABLE_ERRORS = new Set([
  "TooManyRequestsException",
  "LimitExceededException",
  "ThrottlingException",
  "Throttling",
  "InternalFailure",
  "ServiceUnavailable",
]);

/**
 * The error type of an SES v2 (AWS REST-JSON) error: the `x-amzn-ErrorType` header
 * (`MessageRejected:http://…`) or the body's `__type` (`com.amazonaws…#MessageRejected`) or `code`.
 */
function errorType(reply: Reply): string | undefined {
  const fromHeader = reply.headers.get("x-amzn-errortype")?.split(":")[0];
  const fromBody = field(reply.json, "__type") ?? field(reply.json, "code") ?? field(reply.json, "Code");
  const type = fromHeader || fromBody?.split("#").pop();
  return type && /^[A-Za-z0-9_.]{1,100}$/.test(type) ? type : undefined;
}

/** Requests at a time in `sendBatch`; an SES account's sending rate starts at 14 messages a second. */
const IN_FLIGHT = 6;

function failure(reply: Reply): Failure {
  const type = errorType(reply);
  const text = field(reply.json, "message") ?? field(reply.json, "Message") ?? reply.text.slice(0, 200);
  const retryable = retryableStatus(reply.status) || (type !== undefined && RETRYABLE_ERRORS.has(type));
  const code = type === undefined ? `http_${reply.status}` : `ses_${type}`;
  return { ok: false, retryable, code, message: `SES ${reply.status} ${type ?? ""}: ${text}`.slice(0, 500) };
}

/**
 * Amazon SES v2 `SendEmail` with the message as built by {@link buildMime} (`Content.Raw`), signed
 * with SigV4 (aws4fetch). To, Cc and Bcc go in `Destination`, so Bcc reaches its recipients without
 * appearing in the message; tags become `EmailTags`. `providerMessageId` is SES's `MessageId`.
 * Not idempotent: SES has no idempotency key. Throws at once when the configuration is invalid.
 *
 * MessageRejected, MailFromDomainNotVerifiedException, AccountSuspendedException,
 * SendingPausedException, BadRequestException, NotFoundException and other 4xx → permanent
 * `ses_<type>`; TooManyRequestsException, LimitExceededException, 429 and 5xx → retryable.
 * SES has no batch endpoint for such mail: `sendBatch` sends each message alone, 6 at a time.
 */
export function sesProvider(config: SesConfig): EmailProvider {
  if (!/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(config.region ?? "")) {
    throw new Error("Invalid SES configuration: region must look like eu-central-1");
  }
  if (!config.accessKeyId || !config.secretAccessKey) {
    throw new Error("Invalid SES configuration: accessKeyId and secretAccessKey are required");
  }
  const api = httpApi("SES", `https://email.${config.region}.amazonaws.com`, config);
  const client = new AwsClient({
    accessKeyId: config.accessKeyId,
    secretAccessKey: config.secretAccessKey,
    ...(config.sessionToken ? { sessionToken: config.sessionToken } : {}),
    service: "ses",
    region: config.region,
    retries: 0,
  });
  const url = `${api.base}/v2/email/outbound-emails`;

  async function send(input: EmailMessage): Promise<SendResult> {
    const message = validMessage(input);
    if ("ok" in message) return message;
    const raw = buildMime(message);
    const addresses = (list: typeof message.to | undefined) =>
      list !== undefined && list.length > 0 ? list.map((mailbox) => mailbox.email) : undefined;
    const body = JSON.stringify({
      FromEmailAddress: message.from.email,
      Destination: {
        ToAddresses: addresses(message.to),
        CcAddresses: addresses(message.cc),
        BccAddresses: addresses(message.bcc),
      },
      Content: { Raw: { Data: bytesToBase64(new TextEncoder().encode(raw)) } },
      ...(message.tags
        ? { EmailTags: Object.entries(message.tags).map(([Name, Value]) => ({ Name, Value })) }
        : {}),
    });
    const reply = await exchange(api.timeoutMs, async (signal) =>
      fetch(
        await client.sign(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
          signal,
        }),
      ),
    );
    if ("ok" in reply) return reply;
    if (reply.status < 200 || reply.status >= 300) return failure(reply);
    const id = field(reply.json, "MessageId");
    return id ? { ok: true, providerMessageId: id } : unreadableSuccess(reply, false);
  }

  return {
    name: "ses",
    idempotent: false,
    send,
    async sendBatch(inputs: readonly EmailMessage[]): Promise<SendResult[]> {
      const results: SendResult[] = new Array(inputs.length);
      await sendEach([...inputs.entries()], IN_FLIGHT, async ([index, message]) => {
        results[index] = await send(message);
      });
      return results;
    },
  };
}
