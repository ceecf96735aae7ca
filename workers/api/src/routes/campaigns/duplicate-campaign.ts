import { campaignId, duplicateCampaign } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { campaign, campaignJson, notFound } from "./schema";

const duplicate = createRoute({
  method: "post",
  path: "/v1/campaigns/{id}/duplicate",
  operationId: "duplicateCampaign",
  tags: ["campaigns"],
  summary: "A new draft with the campaign's audience, sender and content, whatever its state",
  security: callerSecurity,
  request: { params: z.object({ id: campaignId }) },
  responses: {
    201: { description: "The new draft", content: { "application/json": { schema: campaign } } },
    400: problemResponse("Not a campaign id"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerDuplicateCampaign(app: OpenAPIHono<AppEnv>) {
  app.openapi(duplicate, async (c) =>
    c.json(campaignJson(await duplicateCampaign({ ctx: accountCtx(c), input: c.req.valid("param") })), 201),
  );
}
