export { accounts } from "./accounts";
export { apiKeys } from "./api-keys";
export { auditLog } from "./audit-log";
export { authTokens } from "./auth-tokens";
export { consentEvents } from "./consent-events";
export { contactExports, EXPORT_STATUSES } from "./contact-exports";
export {
  CONSENT_ORIGINS,
  contactImportChunks,
  contactImports,
  IMPORT_STATUSES,
  type ImportRowError,
  type ImportSettings,
} from "./contact-imports";
export { contactFields, contacts } from "./contacts";
export { CREDIT_ENTRY_KINDS, creditLedger } from "./credit-ledger";
export { deliveryFailures } from "./delivery-failures";
export { emailProviders } from "./email-providers";
export { emailTemplates } from "./email-templates";
export { idempotencyKeys } from "./idempotency-keys";
export { invitations } from "./invitations";
export { jobRuns } from "./job-runs";
export { LIST_STATUSES, type ListStatus, listMemberships, lists } from "./lists";
export { loginThrottles } from "./login-throttles";
export { messageAttachments } from "./message-attachments";
export { MESSAGE_EVENT_TYPES, type MessageEventType, messageEvents } from "./message-events";
export { type Mailbox, MESSAGE_STATUSES, messages, OPEN_EMAIL_PURPOSES, type Recipients } from "./messages";
export { pipelineChecks } from "./pipeline-checks";
export { accountRetention, retentionSettings } from "./retention-settings";
export { segments } from "./segments";
export { type DnsCheck, senderDomains } from "./sender-domains";
export { sessions } from "./sessions";
export { smtpCredentials } from "./smtp-credentials";
export { suppressions } from "./suppressions";
export { users } from "./users";
export { webhookDeliveries } from "./webhook-deliveries";
export { webhookEndpoints } from "./webhook-endpoints";
