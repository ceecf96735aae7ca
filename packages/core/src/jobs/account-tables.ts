import {
  accountRetention,
  apiKeys,
  auditLog,
  authTokens,
  creditLedger,
  deliveryFailures,
  emailProviders,
  emailTemplates,
  idempotencyKeys,
  invitations,
  messageAttachments,
  messageEvents,
  messages,
  pipelineChecks,
  senderDomains,
  sessions,
  smtpCredentials,
  suppressions,
  users,
  webhookDeliveries,
  webhookEndpoints,
} from "@edgepost/db";

/**
 * Every table that holds an account's data, children before parents. Purging an account empties
 * each of them; a test walks the schema so that a table added later cannot be left out.
 */
export const ACCOUNT_TABLES = [
  sessions,
  authTokens,
  invitations,
  apiKeys,
  webhookDeliveries,
  messageEvents,
  messageAttachments,
  webhookEndpoints,
  messages,
  idempotencyKeys,
  emailTemplates,
  senderDomains,
  suppressions,
  emailProviders,
  smtpCredentials,
  accountRetention,
  pipelineChecks,
  deliveryFailures,
  auditLog,
  users,
] as const;

/** Tables with an account's billing records, kept after its personal data is purged (SPEC §A, §H). */
export const BILLING_TABLES = [creditLedger] as const;
