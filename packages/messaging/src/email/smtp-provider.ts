import { buildMime, generateMessageId } from "./build-mime";
import { dkimSign, importDkimPrivateKey } from "./dkim-sign";
import { type EmailMessage, InvalidEmailMessageError, parseEmailMessage } from "./message";
import type { EmailProvider, SendResult } from "./provider";
import { parseSmtpConfig, type SmtpConfig, type SmtpSettings, smtpConfigFromUrl } from "./smtp-config";
import { SmtpFailure } from "./smtp-connection";
import { deliver } from "./smtp-session";

/**
 * An {@link EmailProvider} that speaks SMTP over workerd's TCP sockets (`cloudflare:sockets`),
 * one connection per message, DKIM-signed when the message carries its domain's key. Every To, Cc
 * and Bcc address is a RCPT TO. All recipients or none:
 * the first refused RCPT ends the session and decides the result. Not idempotent: a retry after
 * an unknown outcome may deliver twice. `providerMessageId` is the message's Message-ID, which bounces and
 * replies quote. Throws at once when the configuration is invalid.
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

function providerFor(settings: SmtpSettings): EmailProvider {
  return {
    name: "smtp",
    idempotent: false,
    async send(input: EmailMessage): Promise<SendResult> {
      let raw: string;
      let messageId: string;
      let from: string;
      let to: string[];
      try {
        const message = parseEmailMessage(input);
        messageId = message.messageId ?? generateMessageId(message.from.email);
        raw = buildMime({ ...message, messageId });
        from = message.from.email;
        to = envelopeRecipients([...message.to, ...(message.cc ?? []), ...(message.bcc ?? [])]);
      } catch (error) {
        if (!(error instanceof InvalidEmailMessageError)) throw error;
        return { ok: false, retryable: false, code: "invalid_message", message: error.message };
      }
      if (input.dkim) {
        try {
          const privateKey = await importDkimPrivateKey(input.dkim.privateKeyPkcs8);
          raw = await dkimSign(raw, { domain: input.dkim.domain, selector: input.dkim.selector, privateKey });
        } catch (error) {
          const text = error instanceof Error ? error.message : String(error);
          return { ok: false, retryable: false, code: "dkim_failed", message: text };
        }
      }
      const heloName = settings.heloName ?? from.slice(from.lastIndexOf("@") + 1);
      try {
        await deliver(settings, { from, to, heloName }, raw);
        return { ok: true, providerMessageId: messageId };
      } catch (error) {
        if (error instanceof SmtpFailure) {
          return {
            ok: false,
            retryable: error.retryable,
            code: error.code,
            message: error.message,
            ...(error.unknownOutcome ? { unknownOutcome: true } : {}),
          };
        }
        const text = error instanceof Error ? error.message : String(error);
        return { ok: false, retryable: true, code: "smtp_error", message: text };
      }
    },
  };
}
