import { setRetentionSetting } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { requestCtx } from "../../request-ctx";
import { operatorSecurity } from "../security";
import { operatorErrors, periodBody, ruleParam, setting } from "./retention-schema";

const route = createRoute({
  method: "put",
  path: "/operator/v1/retention/{rule}",
  tags: ["operator"],
  summary: "Set a rule's period for the platform (never longer than the terms allow)",
  security: operatorSecurity,
  request: { params: ruleParam, body: periodBody },
  responses: {
    200: { description: "Set", content: { "application/json": { schema: setting } } },
    ...operatorErrors,
  },
});

export function registerSetRetention(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const ctx = { ...requestCtx(c), operator: "operator" };
    const set = await setRetentionSetting({
      ctx,
      input: { ...c.req.valid("param"), ...c.req.valid("json") },
    });
    return c.json({ ...set, updatedAt: set.updatedAt.toISOString() }, 200);
  });
}
