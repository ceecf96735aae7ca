import { dailyStatsInput, getDailyStats } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { dailyStats } from "./schema";

const get = createRoute({
  method: "get",
  path: "/v1/stats/daily",
  operationId: "getDailyStats",
  tags: ["stats"],
  summary: "The account's email statistics per UTC day, transactional and campaigns apart",
  security: callerSecurity,
  request: { query: dailyStatsInput },
  responses: {
    200: { description: "Every day of the range", content: { "application/json": { schema: dailyStats } } },
    400: problemResponse("A day that is not `YYYY-MM-DD`, `from` after `to`, or more than 366 days"),
    ...callerErrors,
  },
});

export function registerGetDailyStats(app: OpenAPIHono<AppEnv>) {
  app.openapi(get, async (c) =>
    c.json(await getDailyStats({ ctx: accountCtx(c), input: c.req.valid("query") }), 200),
  );
}
