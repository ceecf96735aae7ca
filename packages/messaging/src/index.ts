export { buildMime } from "./email/build-mime";
export {
  type EmailAddress,
  type EmailMessage,
  emailMessageSchema,
  InvalidEmailMessageError,
  parseEmailMessage,
  type ValidEmailMessage,
} from "./email/message";
export type { EmailProvider, SendResult } from "./email/provider";
export { type SmtpConfig, smtpConfigFromUrl } from "./email/smtp-config";
export { smtpProvider, smtpProviderFromUrl } from "./email/smtp-provider";
