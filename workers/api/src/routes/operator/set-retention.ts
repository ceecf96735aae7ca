import { setRetentionSetting } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { operatorCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { operatorErrors } from "../errors";
import { operatorSecurity } from "../security";
import { invalidPeriod, periodBody, ruleParam, setting } from "./retention-schema";

const route = createRoute({
  method: "put",
  path: "/operator/v1/retention/{rule}",
  operationId: "setRetentionSetting",
  tags: ["operator"],
  summary: "Set a rule's period for the platform (never longer than the terms allow)",
  security: operatorSecurity,
  request: { params: ruleParam, body: periodBody },
  responses: {
    200: { description: "Set", content: { "application/json": { schema: setting } } },
    ...invalidPeriod,
    ...operatorErrors,
  },
});

export function registerSetRetention(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const ctx = operatorCtx(c);
    const set = await setRetentionSetting({
      ctx,
      input: { ...c.req.valid("param"), ...c.req.valid("json") },
    });
    return c.json({ ...set, updatedAt: set.updatedAt.toISOString() }, 200);
  });
}
