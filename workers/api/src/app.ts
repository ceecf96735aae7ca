import { invalidInput, notFound, onError } from "@edgepost/http";
import { OpenAPIHono } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import type { AppEnv } from "./env";
import { requireCaller } from "./middleware/auth";
import { requireOperator } from "./middleware/operator";
import { rateLimit, rateLimitByIp } from "./middleware/rate-limit";
import { registerCloseAccount } from "./routes/account/close-account";
import { registerExportAccount } from "./routes/account/export-account";
import { registerGetAccount } from "./routes/account/get-account";
import { registerUpdateAccount } from "./routes/account/update-account";
import { registerApiKeys } from "./routes/api-keys/api-keys";
import { registerAuditLog } from "./routes/audit/audit-log";
import { registerPasswordReset } from "./routes/auth/password-reset";
import { registerPasswordResetPage } from "./routes/auth/password-reset-page";
import { registerSignIn } from "./routes/auth/sign-in";
import { registerSignOut } from "./routes/auth/sign-out";
import { registerSignUp } from "./routes/auth/sign-up";
import { registerVerifyEmail } from "./routes/auth/verify-email";
import { registerHealthz } from "./routes/healthz";
import { registerOperatorAccountStatus } from "./routes/operator/account-status";
import { registerOperatorApiAccess } from "./routes/operator/api-access";
import { registerCreatePipelineCheck } from "./routes/pipeline-checks/create-pipeline-check";
import { registerGetPipelineCheck } from "./routes/pipeline-checks/get-pipeline-check";
import { registerReference } from "./routes/reference";
import { registerAcceptInvitation } from "./routes/users/accept-invitation";
import { registerAcceptInvitationPage } from "./routes/users/accept-invitation-page";
import { registerUsers } from "./routes/users/users";

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
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => (result.success ? undefined : invalidInput(c, result.error)),
  });
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

  registerHealthz(app);
  registerReference(app);
  registerSignUp(app);
  registerVerifyEmail(app);
  registerSignIn(app);
  registerSignOut(app);
  registerPasswordReset(app);
  registerPasswordResetPage(app);
  registerGetAccount(app);
  registerUpdateAccount(app);
  registerCloseAccount(app);
  registerExportAccount(app);
  registerAcceptInvitation(app);
  registerAcceptInvitationPage(app);
  registerUsers(app);
  registerApiKeys(app);
  registerAuditLog(app);
  registerCreatePipelineCheck(app);
  registerGetPipelineCheck(app);
  registerOperatorAccountStatus(app);
  registerOperatorApiAccess(app);
  return app;
}
