export { buildMime } from "./email/build-mime";
export { dkimSign, generateDkimKey, importDkimPrivateKey } from "./email/dkim-sign";
export { type FaultOptions, faultProvider, InjectedCrash } from "./email/fault-provider";
export type { HttpApiOptions } from "./email/http-api";
export {
  type EmailAddress,
  type EmailAttachment,
  type EmailMessage,
  emailMessageSchema,
  InvalidEmailMessageError,
  parseEmailMessage,
  type ValidEmailMessage,
} from "./email/message";
export { type PostmarkConfig, postmarkProvider } from "./email/postmark-provider";
export type { EmailProvider, EmailProviderName, SendBatchOptions, SendResult } from "./email/provider";
export { emailProviderFromUrl, providerKind } from "./email/provider-url";
export { type ResendConfig, resendProvider } from "./email/resend-provider";
export { type SesConfig, sesProvider } from "./email/ses-provider";
export { type SmtpConfig, smtpConfigFromUrl } from "./email/smtp-config";
export { smtpProvider, smtpProviderFromUrl } from "./email/smtp-provider";
