import {
  apiKeys,
  auditLog,
  authTokens,
  deliveryFailures,
  invitations,
  messages,
  pipelineChecks,
  sessions,
  users,
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
  messages,
  pipelineChecks,
  deliveryFailures,
  auditLog,
  users,
] as const;
