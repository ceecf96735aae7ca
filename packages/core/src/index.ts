/** The text a database column keeps as written (ADR 0010): shared with the request checks. */
export { unstorableText } from "@edgepost/db";
export { assertPermission, PERMISSIONS, type Permission, type Role } from "./access/permissions";
export { closeAccount, closeAccountInput } from "./accounts/close-account";
export { billingFor } from "./accounts/country";
export { createAccount } from "./accounts/create-account";
export { exportAccount } from "./accounts/export-account";
export { getAccount } from "./accounts/get-account";
export { industry, REFUSED_INDUSTRIES } from "./accounts/industries";
export { signUp, signUpInput } from "./accounts/sign-up";
export { updateAccount, updateAccountInput } from "./accounts/update-account";
export { createApiKey, createApiKeyInput, issueApiKey, scope } from "./api-keys/create-api-key";
export { listApiKeys } from "./api-keys/list-api-keys";
export { apiKeyId, revokeApiKey } from "./api-keys/revoke-api-key";
export { verifyApiKey } from "./api-keys/verify-api-key";
export { listAuditLog, listAuditLogInput } from "./audit/list-audit-log";
export { authenticateSession } from "./auth/authenticate-session";
export { requestPasswordReset, requestPasswordResetInput } from "./auth/request-password-reset";
export { resetPassword, resetPasswordInput } from "./auth/reset-password";
export { SESSION_TTL_MS } from "./auth/sessions";
export { signIn, signInInput } from "./auth/sign-in";
export { signOut } from "./auth/sign-out";
export { verifyEmail, verifyEmailInput } from "./auth/verify-email";
export * from "./campaign-stats/index";
export * from "./campaigns/index";
export * from "./consent/index";
export * from "./contacts/index";
export {
  type AccountCtx,
  type AuthCtx,
  type Ctx,
  createCtx,
  type DeliveryQueue,
  type Principal,
} from "./context";
export { adjustCredits, adjustCreditsInput } from "./credits/adjust-credits";
export { getCredits, getCreditsInput } from "./credits/get-credits";
export { walletBalance } from "./credits/wallet-balance";
export { type DeliverCtx, type DeliveryOutcome, deliverEmails } from "./delivery/deliver-emails";
export { enqueue } from "./delivery/enqueue";
export { providerSource } from "./delivery/provider-source";
export { type ReportedEvent, recordProviderEvents } from "./delivery/record-provider-events";
export { recordDeliveryFailure } from "./delivery-failures/record-delivery-failure";
export * from "./domains/index";
export { DomainError, type ErrorCode, type FieldProblem, InvalidFields, NotFound } from "./errors";
export * from "./exports/index";
export { checkDatabase, type Health } from "./health/check-database";
export * from "./imports/index";
export { listJobRuns, listJobRunsInput, unfinishedJobs } from "./jobs/list-job-runs";
export { JOB_NAMES, JOBS, type JobName, runJob } from "./jobs/run-job";
export { log } from "./logging/log";
export { reactivateAccount } from "./operator/reactivate-account";
export { apiAccessInput, setApiAccess } from "./operator/set-api-access";
export { suspendAccount, suspendAccountInput } from "./operator/suspend-account";
export * from "./outbound/index";
export { completePipelineCheck } from "./pipeline-checks/complete-pipeline-check";
export { getPipelineCheck, pipelineCheckId } from "./pipeline-checks/get-pipeline-check";
export { startPipelineCheck } from "./pipeline-checks/start-pipeline-check";
export { getEmailProvider } from "./providers/get-email-provider";
export { removeEmailProvider } from "./providers/remove-email-provider";
export { type ProviderCtx, setEmailProvider, setEmailProviderInput } from "./providers/set-email-provider";
export { periodText } from "./retention/period";
export {
  clearAccountRetention,
  listRetentionSettings,
  periodInput,
  retentionRule,
  setAccountRetention,
  setRetentionSetting,
} from "./retention/retention-settings";
export { RETENTION_RULES, type RetentionRule } from "./retention/rules";
export { seal, unseal } from "./secrets/sealed-box";
export * from "./segments/index";
export * from "./smtp-credentials/index";
export { addSuppression, addSuppressionInput } from "./suppressions/add-suppression";
export { listSuppressions, listSuppressionsInput } from "./suppressions/list-suppressions";
export { removeSuppression, suppressionId } from "./suppressions/remove-suppression";
export { escapeHtml } from "./system-emails/escape-html";
export * from "./templates/index";
export { emailInput, sendBatchInput } from "./transactional-emails/email-input";
export { emailId, getEmail } from "./transactional-emails/get-email";
export { listEmails, listEmailsInput } from "./transactional-emails/list-emails";
export { type SendResult, sendEmails } from "./transactional-emails/send-emails";
export * from "./transfers/index";
export * from "./unsubscribe/index";
export { acceptInvitation, acceptInvitationInput } from "./users/accept-invitation";
export { changeRoleInput, changeUserRole } from "./users/change-user-role";
export { inviteUser, inviteUserInput } from "./users/invite-user";
export { listUsers } from "./users/list-users";
export { userId } from "./users/member-of";
export { removeUser } from "./users/remove-user";
export { invitationId, revokeInvitation } from "./users/revoke-invitation";
export * from "./webhooks/index";
