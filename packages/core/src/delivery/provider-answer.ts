import type { EmailMessage, EmailProvider, SendResult } from "@edgepost/messaging/port";
import { INTERRUPTED } from "./claim-emails";
import type { Sender } from "./read-senders";

/** What a message whose answer is missing from a batch reply is taken to have got. */
export const missingAnswer: SendResult = {
  ok: false,
  retryable: true,
  code: "no_answer",
  message: "the provider answered for fewer messages than it was given",
  unknownOutcome: true,
};

/**
 * Why a claimed message whose earlier attempt was cut off is failed instead of sent: this provider
 * cannot deduplicate, so sending it again could deliver it twice. Undefined: it may be sent.
 */
export function interruptedRefusal(error: string | null, provider: EmailProvider): string | undefined {
  if (!error?.endsWith(INTERRUPTED) || provider.idempotent) return undefined;
  return `interrupted while sending through ${provider.name}: the outcome is unknown and it is not sent again, so that it cannot arrive twice`;
}

/** What a provider's answer makes of one message: sent, failed for good, or released for a retry. */
export type Settled =
  | { status: "sent"; providerMessageId: string; error: null }
  | { status: "failed"; error: string }
  /** `keepSendKey`: the provider may have taken it, so the next attempt repeats the same call. */
  | { status: "retry"; error: string; keepSendKey: boolean };

/**
 * The answer classified (ADR 0006): an answer lost after a provider that cannot deduplicate may have
 * taken the message fails it, visibly, rather than risk a second copy; a retryable one releases it,
 * keeping its call's key once an attempt may have reached the provider (`previousError` says an
 * earlier one did), so that every later error says so too.
 */
export function settleAnswer(
  answer: SendResult,
  provider: EmailProvider,
  previousError: string | null,
): Settled {
  if (answer.ok) return { status: "sent", providerMessageId: answer.providerMessageId, error: null };
  const reason = `${answer.code}: ${answer.message}`.slice(0, 1000);
  if (answer.unknownOutcome && !provider.idempotent) {
    return {
      status: "failed",
      error: `${reason}${INTERRUPTED}; not sent again, so that it cannot arrive twice`,
    };
  }
  if (answer.retryable) {
    const interrupted = Boolean(answer.unknownOutcome || previousError?.endsWith(INTERRUPTED));
    return {
      status: "retry",
      error: interrupted ? `${reason}${INTERRUPTED}` : reason,
      keepSendKey: interrupted,
    };
  }
  return { status: "failed", error: reason };
}

/** The message DKIM-signed with its sender domain's key when the provider sends it as built (SMTP). */
export async function withDkim(sender: Sender | undefined, provider: EmailProvider, email: EmailMessage) {
  if (provider.name !== "smtp" || !sender) return email;
  const dkim = await sender.dkim(email.from.email.slice(email.from.email.lastIndexOf("@") + 1));
  return dkim ? { ...email, dkim } : email;
}
