import { buildMime, generateMessageId } from "./build-mime";
import { type DkimCryptoKey, dkimSign, importDkimPrivateKey } from "./dkim-sign";
import { type EmailMessage, InvalidEmailMessageError, parseEmailMessage } from "./message";
import type { EmailProvider, SendResult } from "./provider";
import { parseSmtpConfig, type SmtpConfig, type SmtpSettings, smtpConfigFromUrl } from "./smtp-config";
import { SmtpFailure } from "./smtp-connection";
import { type Envelope, SmtpSession } from "./smtp-session";

type Failure = Extract<SendResult, { ok: false }>;

/**
 * An {@link EmailProvider} that speaks SMTP over workerd's TCP sockets (`cloudflare:sockets`),
 * DKIM-signed when the message carries its domain's key. Every To, Cc and Bcc address is a RCPT TO.
 * All recipients or none: the first refused RCPT decides the message's result. Not idempotent: a
 * retry after an unknown outcome may deliver twice. `providerMessageId` is the message's Message-ID,
 * which bounces and replies quote. `sendBatch` hands every message over one connection (see
 * {@link SmtpSession}), reconnecting once if it is lost. Throws at once when the configuration is invalid.
 */
export function smtpProvider(config: SmtpConfig): EmailProvider {
  return providerFor(parseSmtpConfig(config));
}

/** The same, configured by one secret such as `SMTP_URL=smtp://user:pass@host:587?security=starttls`. */
export function smtpProviderFromUrl(url: string): EmailProvider {
  return providerFor(smtpConfigFromUrl(url));
}

/** Every To, Cc and Bcc address once (an address listed twice would get two copies). */
function envelopeRecipients(recipients: readonly { email: string }[]): string[] {
  const byAddress = new Map<string, string>();
  for (const { email } of recipients) {
    if (!byAddress.has(email.toLowerCase())) byAddress.set(email.toLowerCase(), email);
  }
  return [...byAddress.values()];
}

/** A message ready for its mail transaction. */
interface Prepared {
  index: number;
  envelope: Envelope;
  raw: string;
  messageId: string;
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Builds and signs one message, or gives the permanent failure that keeps it from being sent. */
async function prepare(
  input: EmailMessage,
  index: number,
  keys: Map<string, Promise<DkimCryptoKey>>,
): Promise<Prepared | Failure> {
  let prepared: Prepared;
  try {
    const message = parseEmailMessage(input);
    const messageId = message.messageId ?? generateMessageId(message.from.email);
    const to = envelopeRecipients([...message.to, ...(message.cc ?? []), ...(message.bcc ?? [])]);
    const raw = buildMime({ ...message, messageId });
    prepared = { index, envelope: { from: message.from.email, to }, raw, messageId };
  } catch (error) {
    if (!(error instanceof InvalidEmailMessageError)) throw error;
    return { ok: false, retryable: false, code: "invalid_message", message: error.message };
  }
  const dkim = input.dkim;
  if (dkim === undefined) return prepared;
  try {
    // A batch usually shares one domain's key: imported once per call.
    const key = keys.get(dkim.privateKeyPkcs8) ?? importDkimPrivateKey(dkim.privateKeyPkcs8);
    keys.set(dkim.privateKeyPkcs8, key);
    const privateKey = await key;
    const raw = await dkimSign(prepared.raw, { domain: dkim.domain, selector: dkim.selector, privateKey });
    return { ...prepared, raw };
  } catch (error) {
    return { ok: false, retryable: false, code: "dkim_failed", message: reason(error) };
  }
}

function asFailure(error: unknown): Failure {
  if (!(error instanceof SmtpFailure)) {
    return { ok: false, retryable: true, code: "smtp_error", message: reason(error) };
  }
  return {
    ok: false,
    retryable: error.retryable,
    code: error.code,
    message: error.message,
    ...(error.unknownOutcome ? { unknownOutcome: true } : {}),
  };
}

/** New connections after one is lost mid-call: a server that keeps dropping it fails the rest fast. */
const RECONNECTS = 1;

/**
 * Hands the messages over one session in their order, `results` filled in at their places. When
 * the session is lost, the message in flight gets the failure and the next ones a new session; once
 * that is spent too, each message not yet attempted gets a retryable failure (never an unknown outcome).
 */
async function deliverAll(settings: SmtpSettings, items: readonly Prepared[], results: SendResult[]) {
  const first = items[0];
  if (first === undefined) return;
  const from = first.envelope.from;
  const heloName = settings.heloName ?? from.slice(from.lastIndexOf("@") + 1);
  let session: SmtpSession | undefined;
  let reconnects = 0;
  /** Why the messages left cannot be attempted. */
  let stopped: Failure | undefined;
  for (const item of items) {
    if (stopped !== undefined) {
      results[item.index] = stopped;
      continue;
    }
    try {
      session ??= await SmtpSession.open(settings, heloName);
    } catch (error) {
      stopped = asFailure(error);
      results[item.index] = stopped;
      continue;
    }
    try {
      await session.send(item.envelope, item.raw);
      results[item.index] = { ok: true, providerMessageId: item.messageId };
    } catch (error) {
      const failure = asFailure(error);
      results[item.index] = failure;
      if (session.usable) continue;
      session = undefined;
      if (reconnects++ < RECONNECTS) continue;
      stopped = {
        ok: false,
        retryable: true,
        code: "connection_lost",
        message: `not attempted: the connection was lost at an earlier message (${failure.message})`.slice(
          0,
          500,
        ),
      };
    }
  }
  await session?.quit();
}

function providerFor(settings: SmtpSettings): EmailProvider {
  async function sendBatch(inputs: readonly EmailMessage[]): Promise<SendResult[]> {
    const results: SendResult[] = new Array(inputs.length);
    const ready: Prepared[] = [];
    const keys = new Map<string, Promise<DkimCryptoKey>>();
    for (const [index, input] of inputs.entries()) {
      const prepared = await prepare(input, index, keys);
      if ("ok" in prepared) results[index] = prepared;
      else ready.push(prepared);
    }
    await deliverAll(settings, ready, results);
    return results;
  }

  return {
    name: "smtp",
    idempotent: false,
    sendBatch,
    async send(input: EmailMessage): Promise<SendResult> {
      const [result] = await sendBatch([input]);
      if (result === undefined) throw new Error("sendBatch gave no result for the message");
      return result;
    },
  };
}
