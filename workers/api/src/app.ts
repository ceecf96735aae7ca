import { invalidInput, notFound, onError } from "@edgepost/http";
import { OpenAPIHono } from "@hono/zod-openapi";
import { requestId } from "hono/request-id";
import type { AppEnv } from "./env";
import { requireApiKey } from "./middleware/auth";
import { registerHealthz } from "./routes/healthz";
import { registerCreatePipelineCheck } from "./routes/pipeline-checks/create-pipeline-check";
import { registerGetPipelineCheck } from "./routes/pipeline-checks/get-pipeline-check";

export function createApp() {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => (result.success ? undefined : invalidInput(c, result.error)),
  });
  app.use(requestId());
  app.onError(onError);
  app.notFound(notFound);

  registerHealthz(app);
  app.openAPIRegistry.registerComponent("securitySchemes", "apiKey", {
    type: "http",
    scheme: "bearer",
    description: "An Edgepost API key: `ep_live_…` or `ep_test_…`.",
  });
  app.doc31("/v1/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Edgepost API", version: "1.0.0" },
  });

  app.use("/v1/*", async (c, next) => (c.req.path === "/v1/openapi.json" ? next() : requireApiKey(c, next)));
  registerCreatePipelineCheck(app);
  registerGetPipelineCheck(app);
  return app;
}
