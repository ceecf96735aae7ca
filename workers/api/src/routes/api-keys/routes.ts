import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerCreateApiKey } from "./create-api-key";
import { registerListApiKeys } from "./list-api-keys";
import { registerRevokeApiKey } from "./revoke-api-key";

/** API keys under /v1/api-keys: list, create (the key is shown once), revoke. */
export function registerApiKeyRoutes(app: OpenAPIHono<AppEnv>) {
  registerListApiKeys(app);
  registerCreateApiKey(app);
  registerRevokeApiKey(app);
}
