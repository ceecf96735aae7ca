import { campaignId, updateCampaign, updateCampaignInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { campaign, campaignJson, notFound } from "./schema";

const update = createRoute({
  method: "patch",
  path: "/v1/campaigns/{id}",
  operationId: "updateCampaign",
  tags: ["campaigns"],
  summary: "Change a draft or scheduled campaign; `null` clears a field",
  security: callerSecurity,
  request: {
    params: z.object({ id: campaignId }),
    body: {
      required: true,
      content: {
        "application/json": { schema: updateCampaignInput, example: { subject: "Our December news" } },
      },
    },
  },
  responses: {
    200: { description: "Changed", content: { "application/json": { schema: campaign } } },
    400: problemResponse("Invalid fields, each named"),
    409: problemResponse("The campaign is sending, sent, paused or cancelled: it can no longer be changed"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerUpdateCampaign(app: OpenAPIHono<AppEnv>) {
  app.openapi(update, async (c) => {
    const input = { ...c.req.valid("param"), ...c.req.valid("json") };
    return c.json(campaignJson(await updateCampaign({ ctx: accountCtx(c), input })), 200);
  });
}
