import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerGetCredits } from "./get-credits";

/** The account's credit balances and ledger. */
export function registerCreditRoutes(app: OpenAPIHono<AppEnv>) {
  registerGetCredits(app);
}
