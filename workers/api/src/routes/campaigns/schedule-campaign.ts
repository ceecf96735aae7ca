import { campaignId, scheduleCampaign, scheduleCampaignInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { campaign, campaignJson, notFound } from "./schema";

const schedule = createRoute({
  method: "post",
  path: "/v1/campaigns/{id}/schedule",
  operationId: "scheduleCampaign",
  tags: ["campaigns"],
  summary: "Schedule a draft campaign to start at a time",
  description:
    "Checked now as if it started; its credits are checked when it starts. A campaign that could not start within 24 hours of its time goes back to draft, saying why, instead of going out late.",
  security: callerSecurity,
  request: {
    params: z.object({ id: campaignId }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: scheduleCampaignInput,
          example: { at: "2030-12-24T09:00:00+01:00", timeZone: "Europe/Zurich" },
        },
      },
    },
  },
  responses: {
    200: { description: "Scheduled", content: { "application/json": { schema: campaign } } },
    400: problemResponse("A time in the past, or it could not go out: each field that stops it"),
    409: problemResponse("It is not a draft or scheduled campaign"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerScheduleCampaign(app: OpenAPIHono<AppEnv>) {
  app.openapi(schedule, async (c) => {
    const input = { ...c.req.valid("json"), ...c.req.valid("param") };
    return c.json(campaignJson(await scheduleCampaign({ ctx: accountCtx(c), input })), 200);
  });
}
