import { clearAccountRetention, setAccountRetention } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { operatorCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { operatorErrors, problemResponse } from "../errors";
import { operatorSecurity } from "../security";
import { accountRuleParam, invalidPeriod, periodBody } from "./retention-schema";

const set = createRoute({
  method: "put",
  path: "/operator/v1/accounts/{id}/retention/{rule}",
  operationId: "setAccountRetention",
  tags: ["operator"],
  summary: "Shorten a rule's period for one account (never past the published default)",
  security: operatorSecurity,
  request: { params: accountRuleParam, body: periodBody },
  responses: {
    200: {
      description: "Set",
      content: {
        "application/json": {
          schema: z.object({
            accountId: z.string(),
            rule: z.string(),
            period: z.string(),
            updatedAt: z.iso.datetime(),
          }),
        },
      },
    },
    ...invalidPeriod,
    404: problemResponse("No such account"),
    ...operatorErrors,
  },
});

const clear = createRoute({
  method: "delete",
  path: "/operator/v1/accounts/{id}/retention/{rule}",
  operationId: "clearAccountRetention",
  tags: ["operator"],
  summary: "The account follows the platform's period again",
  security: operatorSecurity,
  request: { params: accountRuleParam },
  responses: {
    204: { description: "Cleared" },
    400: problemResponse("Not an account id or a rule"),
    404: problemResponse("The account has no period of its own"),
    ...operatorErrors,
  },
});

export function registerAccountRetention(app: OpenAPIHono<AppEnv>) {
  app.openapi(set, async (c) => {
    const ctx = operatorCtx(c);
    const { id, rule } = c.req.valid("param");
    const result = await setAccountRetention({ ctx, input: { accountId: id, rule, ...c.req.valid("json") } });
    return c.json({ ...result, updatedAt: result.updatedAt.toISOString() }, 200);
  });
  app.openapi(clear, async (c) => {
    const ctx = operatorCtx(c);
    const { id, rule } = c.req.valid("param");
    await clearAccountRetention({ ctx, input: { accountId: id, rule } });
    return c.body(null, 204);
  });
}
