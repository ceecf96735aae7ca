export {
  ACCOUNT_STATUSES,
  API_ACCESS_LEVELS,
  accounts,
  CURRENCIES,
  PLANS,
  VAT_CATEGORIES,
} from "./accounts";
export { API_KEY_ENVIRONMENTS, apiKeys } from "./api-keys";
export { auditLog } from "./audit-log";
export { authTokens } from "./auth-tokens";
export {
  CAMPAIGN_EVENT_TYPES,
  CAMPAIGN_STATUSES,
  type CampaignAudience,
  type CampaignEventType,
  type CampaignSender,
  campaignEvents,
  campaignLinkClicks,
  campaignLinkStats,
  campaignRecipients,
  campaigns,
  dailyStats,
  RECIPIENT_STATUSES,
} from "./campaigns";
export { CONSENT_ACTIONS, CONSENT_SOURCES, consentEvents } from "./consent-events";
export { contactExports, EXPORT_FORMATS, EXPORT_SOURCES, EXPORT_STATUSES } from "./contact-exports";
export {
  CONSENT_ORIGINS,
  contactImportChunks,
  contactImports,
  IMPORT_FORMATS,
  IMPORT_ON_EXISTING,
  IMPORT_STATUSES,
  type ImportRowError,
  type ImportSettings,
} from "./contact-imports";
export { CONTACT_FIELD_TYPES, contactFields, contacts } from "./contacts";
export { CREDIT_ENTRY_KINDS, CREDIT_WALLETS, creditLedger } from "./credit-ledger";
export { deliveryFailures } from "./delivery-failures";
export { emailProviders } from "./email-providers";
export { emailTemplates } from "./email-templates";
export { idempotencyKeys } from "./idempotency-keys";
export { INVITATION_ROLES, invitations } from "./invitations";
export { JOB_RUN_STATUSES, jobRuns } from "./job-runs";
export { LIST_STATUSES, type ListStatus, listMemberships, lists } from "./lists";
export { loginThrottles } from "./login-throttles";
export { messageAttachments } from "./message-attachments";
export { MESSAGE_EVENT_TYPES, type MessageEventType, messageEvents } from "./message-events";
export { type Mailbox, MESSAGE_STATUSES, messages, OPEN_EMAIL_PURPOSES, type Recipients } from "./messages";
export { PIPELINE_CHECK_STATUSES, pipelineChecks } from "./pipeline-checks";
export { accountRetention, retentionSettings } from "./retention-settings";
export { contactValueCounts, listStatusCounts } from "./segment-counts";
export { segments } from "./segments";
export { type DnsCheck, SENDER_DOMAIN_STATUSES, senderDomains } from "./sender-domains";
export { sessions } from "./sessions";
export { SMTP_CREDENTIAL_STATUSES, smtpCredentials } from "./smtp-credentials";
export { SUPPRESSION_REASONS, suppressions } from "./suppressions";
export { USER_ROLES, users } from "./users";
export { webhookDeliveries } from "./webhook-deliveries";
export { webhookEndpoints } from "./webhook-endpoints";
