import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerCreateDomain } from "./create-domain";
import { registerDeleteDomain } from "./delete-domain";
import { registerGetDomain } from "./get-domain";
import { registerListDomains } from "./list-domains";
import { registerVerifyDomain } from "./verify-domain";

/** Sender domains under /v1/domains: add, list, read, verify through DNS, remove. */
export function registerDomainRoutes(app: OpenAPIHono<AppEnv>) {
  registerListDomains(app);
  registerCreateDomain(app);
  registerGetDomain(app);
  registerVerifyDomain(app);
  registerDeleteDomain(app);
}
