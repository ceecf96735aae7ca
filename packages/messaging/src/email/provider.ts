import type { EmailMessage } from "./message";

/**
 * What a provider says about one send. A retryable failure (connection refused, reset or timed
 * out, an SMTP 4xx, a provider's throttling) may succeed later: the delivery worker retries it
 * with backoff. A permanent one (an SMTP 5xx, an invalid message) never will: it is recorded,
 * not retried. `code` is stable and machine-readable, e.g. `smtp_550`, `timeout`.
 */
export type SendResult =
  | { ok: true; providerMessageId: string }
  | { ok: false; retryable: boolean; code: string; message: string };

/** The port every email provider adapter (SMTP, HTTP APIs, fakes) implements. */
export interface EmailProvider {
  send(message: EmailMessage): Promise<SendResult>;
}
