/** The provider port alone, for code that sends through a provider without importing any adapter. */
export type { EmailAddress, EmailMessage } from "./email/message";
export type { EmailProvider, SendResult } from "./email/provider";
