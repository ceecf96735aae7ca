import type { EmailMessage } from "./message";

/**
 * What a provider says about one send. A retryable failure (connection refused, reset or timed
 * out, an SMTP 4xx, a provider's throttling) may succeed later: the delivery worker retries it
 * with backoff. A permanent one (an SMTP 5xx, an invalid message, a rejected sender) never will:
 * it is recorded, not retried. `code` is stable and machine-readable, e.g. `smtp_550`, `timeout`,
 * `resend_rate_limit_exceeded`.
 */
export type SendResult =
  | { ok: true; providerMessageId: string }
  | {
      ok: false;
      retryable: boolean;
      code: string;
      message: string;
      /**
       * The message may have been accepted all the same: the connection was lost or timed out after
       * it was handed over, before the provider answered. Sending it again may deliver it twice.
       */
      unknownOutcome?: boolean;
    };

export type EmailProviderName = "smtp" | "ses" | "postmark" | "resend" | "fault";

/** The port every email provider adapter (SMTP, HTTP APIs, fakes) implements. */
export interface EmailProvider {
  readonly name: EmailProviderName;
  /**
   * True when the provider deduplicates by the message's `idempotencyKey`: sending again after a
   * crash (the provider accepted, nothing was recorded) can never deliver twice. False means a
   * retry after an unknown outcome (timeout, crash) may deliver a second copy.
   */
  readonly idempotent: boolean;
  send(message: EmailMessage): Promise<SendResult>;
  /**
   * Hands several messages over together, one result per message in their order: in requests of
   * as many as the provider's batch endpoint takes (Resend 100, Postmark 500), over one reused
   * connection for SMTP, a few requests at a time where the provider has no batch endpoint.
   * `idempotencyKey` names the call: where the provider is `idempotent`, the same key with the same
   * messages in the same order is answered again without sending anything twice. Like `send`, it
   * never rejects for a provider's failure (only for a bug or an `InjectedCrash`).
   */
  sendBatch(messages: readonly EmailMessage[], options?: SendBatchOptions): Promise<SendResult[]>;
}

export interface SendBatchOptions {
  /** Stable for the same messages: `[A-Za-z0-9_-]`, at most 200 characters. */
  idempotencyKey?: string;
}
