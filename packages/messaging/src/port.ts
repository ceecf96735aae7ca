/** The provider port alone, for code that sends through a provider without importing any adapter. */
export type { EmailAddress, EmailAttachment, EmailMessage } from "./email/message";
export type { EmailProvider, EmailProviderName, SendBatchOptions, SendResult } from "./email/provider";
