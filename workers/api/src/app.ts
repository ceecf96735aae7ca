import { notFound, onError } from "@edgepost/http";
import { OpenAPIHono } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import type { AppEnv } from "./env";
import { requireCaller } from "./middleware/auth";
import { requireOperator } from "./middleware/operator";
import { rateLimit, rateLimitByIp } from "./middleware/rate-limit";
import { checkInput } from "./middleware/storable-input";
import { registerCloseAccount } from "./routes/account/close-account";
import { registerExportAccount } from "./routes/account/export-account";
import { registerGetAccount } from "./routes/account/get-account";
import { registerGetEmailProvider } from "./routes/account/get-email-provider";
import { registerRemoveEmailProvider } from "./routes/account/remove-email-provider";
import { registerSetEmailProvider } from "./routes/account/set-email-provider";
import { registerUpdateAccount } from "./routes/account/update-account";
import { registerCreateApiKey } from "./routes/api-keys/create-api-key";
import { registerListApiKeys } from "./routes/api-keys/list-api-keys";
import { registerRevokeApiKey } from "./routes/api-keys/revoke-api-key";
import { registerAuditLog } from "./routes/audit/audit-log";
import { registerPasswordReset } from "./routes/auth/password-reset";
import { registerPasswordResetConfirm } from "./routes/auth/password-reset-confirm";
import { registerPasswordResetPage } from "./routes/auth/password-reset-page";
import { registerSignIn } from "./routes/auth/sign-in";
import { registerSignOut } from "./routes/auth/sign-out";
import { registerSignUp } from "./routes/auth/sign-up";
import { registerVerifyEmail } from "./routes/auth/verify-email";
import { registerConsentRoutes } from "./routes/consent/routes";
import { registerContactRoutes } from "./routes/contacts/routes";
import { registerGetCredits } from "./routes/credits/get-credits";
import { registerDomainRoutes } from "./routes/domains/routes";
import { registerGetEmail } from "./routes/emails/get-email";
import { registerListEmails } from "./routes/emails/list-emails";
import { registerSendBatch } from "./routes/emails/send-batch";
import { registerSendEmail } from "./routes/emails/send-email";
import { registerExportRoutes } from "./routes/exports/routes";
import { registerHealthz } from "./routes/healthz";
import { registerImportRoutes } from "./routes/imports/routes";
import { registerAccountApiAccess } from "./routes/operator/account-api-access";
import { registerAccountRetention } from "./routes/operator/account-retention";
import { registerAdjustCredits } from "./routes/operator/adjust-credits";
import { registerApiKeyAccess } from "./routes/operator/api-key-access";
import { registerJobRuns } from "./routes/operator/job-runs";
import { registerListRetention } from "./routes/operator/list-retention";
import { registerReactivateAccount } from "./routes/operator/reactivate-account";
import { registerSetRetention } from "./routes/operator/set-retention";
import { registerSuspendAccount } from "./routes/operator/suspend-account";
import { registerCreatePipelineCheck } from "./routes/pipeline-checks/create-pipeline-check";
import { registerGetPipelineCheck } from "./routes/pipeline-checks/get-pipeline-check";
import { registerReference } from "./routes/reference";
import { registerSegmentRoutes } from "./routes/segments/routes";
import { registerSmtpCredentialRoutes } from "./routes/smtp-credentials/routes";
import { registerAddSuppression } from "./routes/suppressions/add-suppression";
import { registerListSuppressions } from "./routes/suppressions/list-suppressions";
import { registerRemoveSuppression } from "./routes/suppressions/remove-suppression";
import { registerTemplateRoutes } from "./routes/templates/routes";
import { registerAcceptInvitation } from "./routes/users/accept-invitation";
import { registerAcceptInvitationPage } from "./routes/users/accept-invitation-page";
import { registerChangeUserRole } from "./routes/users/change-user-role";
import { registerInviteUser } from "./routes/users/invite-user";
import { registerListUsers } from "./routes/users/list-users";
import { registerRemoveUser } from "./routes/users/remove-user";
import { registerRevokeInvitation } from "./routes/users/revoke-invitation";
import { registerWebhookRoutes } from "./routes/webhooks/routes";

/**
 * The only paths under /v1 that need no caller: the document, its reference, and getting in.
 * Closed by default: a route added later needs a caller unless it is named here.
 */
const OPEN = new Set([
  "/v1/openapi.json",
  "/v1/reference",
  "/v1/auth/sign-up",
  "/v1/auth/verify-email",
  "/v1/auth/sign-in",
  "/v1/auth/sign-out",
  "/v1/auth/password-reset",
  "/v1/auth/password-reset/confirm",
  "/v1/auth/accept-invitation",
]);

export function createApp() {
  // Every route's body, query and path go through one check: the schema's, and text the database cannot keep.
  const app = new OpenAPIHono<AppEnv>({ defaultHook: checkInput });
  app.use(requestId());
  app.onError(onError);
  app.notFound(notFound);

  const security = app.openAPIRegistry;
  security.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An Edgepost API key: `ep_live_…` or `ep_test_…`.",
  });
  security.registerComponent("securitySchemes", "session", {
    type: "apiKey",
    in: "cookie",
    name: "ep_session",
  });
  security.registerComponent("securitySchemes", "operator", {
    type: "http",
    scheme: "bearer",
    description: "The platform operator's key.",
  });
  app.doc31("/v1/openapi.json", { openapi: "3.1.0", info: { title: "Edgepost API", version: "1.0.0" } });

  app.use("/v1/*", async (c, next) => (OPEN.has(c.req.path) ? next() : requireCaller(c, next)));
  app.use("/v1/*", async (c, next) => (OPEN.has(c.req.path) ? rateLimitByIp(c, next) : rateLimit(c, next)));
  app.use("/operator/*", requireOperator);
  // Download links carry their own credential (a signed, expiring token): limited per client IP.
  app.use("/downloads/*", rateLimitByIp);

  registerHealthz(app);
  registerReference(app);
  registerSignUp(app);
  registerVerifyEmail(app);
  registerSignIn(app);
  registerSignOut(app);
  registerPasswordReset(app);
  registerPasswordResetConfirm(app);
  registerPasswordResetPage(app);
  registerGetAccount(app);
  registerUpdateAccount(app);
  registerCloseAccount(app);
  registerExportAccount(app);
  registerAcceptInvitation(app);
  registerAcceptInvitationPage(app);
  registerListUsers(app);
  registerInviteUser(app);
  registerRevokeInvitation(app);
  registerChangeUserRole(app);
  registerRemoveUser(app);
  registerListApiKeys(app);
  registerCreateApiKey(app);
  registerRevokeApiKey(app);
  registerAuditLog(app);
  registerCreatePipelineCheck(app);
  registerGetPipelineCheck(app);
  registerSuspendAccount(app);
  registerReactivateAccount(app);
  registerApiKeyAccess(app);
  registerAccountApiAccess(app);
  registerGetEmailProvider(app);
  registerSetEmailProvider(app);
  registerRemoveEmailProvider(app);
  registerAdjustCredits(app);
  registerListRetention(app);
  registerSetRetention(app);
  registerAccountRetention(app);
  registerJobRuns(app);
  registerSendEmail(app);
  registerSendBatch(app);
  registerListEmails(app);
  registerGetEmail(app);
  registerGetCredits(app);
  registerListSuppressions(app);
  registerAddSuppression(app);
  registerRemoveSuppression(app);
  registerDomainRoutes(app);
  registerTemplateRoutes(app);
  registerWebhookRoutes(app);
  registerSmtpCredentialRoutes(app);
  registerContactRoutes(app);
  registerSegmentRoutes(app);
  registerConsentRoutes(app);
  registerImportRoutes(app);
  registerExportRoutes(app);
  return app;
}
