import { campaignId, getCampaignStats } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { campaignStats } from "./schema";

const get = createRoute({
  method: "get",
  path: "/v1/campaigns/{id}/stats",
  operationId: "getCampaignStats",
  tags: ["campaigns"],
  summary: "A campaign's statistics: totals, one entry per day, and the clicks of each tracked link",
  security: callerSecurity,
  request: { params: z.object({ id: campaignId }) },
  responses: {
    200: { description: "Its statistics", content: { "application/json": { schema: campaignStats } } },
    400: problemResponse("Not a campaign id"),
    ...callerErrors,
    404: problemResponse("No such campaign in this account"),
  },
});

export function registerGetCampaignStats(app: OpenAPIHono<AppEnv>) {
  app.openapi(get, async (c) =>
    c.json(await getCampaignStats({ ctx: accountCtx(c), input: c.req.valid("param") }), 200),
  );
}
