import { notFound, onError } from "@edgepost/http";
import { OpenAPIHono } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import type { AppEnv } from "./env";
import { requireCaller } from "./middleware/auth";
import { requireOperator } from "./middleware/operator";
import { rateLimit, rateLimitByIp } from "./middleware/rate-limit";
import { checkInput } from "./middleware/storable-input";
import { OPENAPI_DOCUMENT } from "./openapi";
import { registerAccountRoutes } from "./routes/account/routes";
import { registerApiKeyRoutes } from "./routes/api-keys/routes";
import { registerAuditRoutes } from "./routes/audit/routes";
import { registerAuthRoutes } from "./routes/auth/routes";
import { registerCampaignRoutes } from "./routes/campaigns/routes";
import { registerConsentRoutes } from "./routes/consent/routes";
import { registerContactRoutes } from "./routes/contacts/routes";
import { registerCreditRoutes } from "./routes/credits/routes";
import { registerDomainRoutes } from "./routes/domains/routes";
import { registerEmailRoutes } from "./routes/emails/routes";
import { registerExportRoutes } from "./routes/exports/routes";
import { registerHealthz } from "./routes/healthz";
import { registerImportRoutes } from "./routes/imports/routes";
import { registerOperatorRoutes } from "./routes/operator/routes";
import { registerPipelineCheckRoutes } from "./routes/pipeline-checks/routes";
import { registerReference } from "./routes/reference";
import { registerSegmentRoutes } from "./routes/segments/routes";
import { registerSmtpCredentialRoutes } from "./routes/smtp-credentials/routes";
import { registerStatsRoutes } from "./routes/stats/routes";
import { registerSuppressionRoutes } from "./routes/suppressions/routes";
import { registerTemplateRoutes } from "./routes/templates/routes";
import { registerUserRoutes } from "./routes/users/routes";
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
  app.doc31("/v1/openapi.json", OPENAPI_DOCUMENT);

  app.use("/v1/*", async (c, next) => (OPEN.has(c.req.path) ? next() : requireCaller(c, next)));
  app.use("/v1/*", async (c, next) => (OPEN.has(c.req.path) ? rateLimitByIp(c, next) : rateLimit(c, next)));
  app.use("/operator/*", requireOperator);
  // Download links carry their own credential (a signed, expiring token): limited per client IP.
  app.use("/downloads/*", rateLimitByIp);

  // Hono matches in registration order; no two operations match one method and path, so this order
  // sets only the order of the OpenAPI document. Each folder registers its own operations.
  registerHealthz(app);
  registerReference(app);
  registerAuthRoutes(app);
  registerAccountRoutes(app);
  registerUserRoutes(app);
  registerApiKeyRoutes(app);
  registerAuditRoutes(app);
  registerPipelineCheckRoutes(app);
  registerOperatorRoutes(app);
  registerEmailRoutes(app);
  registerCreditRoutes(app);
  registerSuppressionRoutes(app);
  registerDomainRoutes(app);
  registerTemplateRoutes(app);
  registerCampaignRoutes(app);
  registerStatsRoutes(app);
  registerWebhookRoutes(app);
  registerSmtpCredentialRoutes(app);
  registerContactRoutes(app);
  registerSegmentRoutes(app);
  registerConsentRoutes(app);
  registerImportRoutes(app);
  registerExportRoutes(app);
  return app;
}
