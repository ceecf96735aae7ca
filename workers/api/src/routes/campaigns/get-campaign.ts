import { campaignId, getCampaign } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { campaign, campaignJson, notFound } from "./schema";

const get = createRoute({
  method: "get",
  path: "/v1/campaigns/{id}",
  operationId: "getCampaign",
  tags: ["campaigns"],
  summary: "One campaign, with its audience, sender and content",
  security: callerSecurity,
  request: { params: z.object({ id: campaignId }) },
  responses: {
    200: { description: "The campaign", content: { "application/json": { schema: campaign } } },
    400: problemResponse("Not a campaign id"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerGetCampaign(app: OpenAPIHono<AppEnv>) {
  app.openapi(get, async (c) =>
    c.json(campaignJson(await getCampaign({ ctx: accountCtx(c), input: c.req.valid("param") })), 200),
  );
}
