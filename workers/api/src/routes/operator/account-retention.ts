import { clearAccountRetention, setAccountRetention } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { requestCtx } from "../../request-ctx";
import { problemResponse } from "../problem-schema";
import { operatorSecurity } from "../security";
import { accountRuleParam, operatorErrors, periodBody } from "./retention-schema";

const set = createRoute({
  method: "put",
  path: "/operator/v1/accounts/{id}/retention/{rule}",
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
    ...operatorErrors,
    404: problemResponse("No such account"),
  },
});

const clear = createRoute({
  method: "delete",
  path: "/operator/v1/accounts/{id}/retention/{rule}",
  tags: ["operator"],
  summary: "The account follows the platform's period again",
  security: operatorSecurity,
  request: { params: accountRuleParam },
  responses: {
    204: { description: "Cleared" },
    ...operatorErrors,
    404: problemResponse("The account has no period of its own"),
  },
});

export function registerAccountRetention(app: OpenAPIHono<AppEnv>) {
  app.openapi(set, async (c) => {
    const ctx = { ...requestCtx(c), operator: "operator" };
    const { id, rule } = c.req.valid("param");
    const result = await setAccountRetention({ ctx, input: { accountId: id, rule, ...c.req.valid("json") } });
    return c.json({ ...result, updatedAt: result.updatedAt.toISOString() }, 200);
  });
  app.openapi(clear, async (c) => {
    const ctx = { ...requestCtx(c), operator: "operator" };
    const { id, rule } = c.req.valid("param");
    await clearAccountRetention({ ctx, input: { accountId: id, rule } });
    return c.body(null, 204);
  });
}
