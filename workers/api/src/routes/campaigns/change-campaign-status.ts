import { type CampaignMove, campaignId, changeCampaignStatus } from "@edgepost/core";
import { CAMPAIGN_STATUSES } from "@edgepost/db";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { campaignCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound } from "./schema";

const SUMMARIES: Record<CampaignMove, { operationId: string; summary: string; from: string }> = {
  pause: {
    operationId: "pauseCampaign",
    summary: "Pause a sending campaign: no new message goes out within seconds",
    from: "sending",
  },
  resume: {
    operationId: "resumeCampaign",
    summary: "Resume a paused campaign from its recipients' states",
    from: "paused",
  },
  cancel: {
    operationId: "cancelCampaign",
    summary: "Cancel a scheduled, sending or paused campaign; the credits of recipients not sent come back",
    from: "scheduled, sending or paused",
  },
};

function route(move: CampaignMove) {
  const { operationId, summary, from } = SUMMARIES[move];
  return createRoute({
    method: "post",
    path: `/v1/campaigns/{id}/${move}`,
    operationId,
    tags: ["campaigns"],
    summary,
    security: callerSecurity,
    request: { params: z.object({ id: campaignId }) },
    responses: {
      200: {
        description: "Done",
        content: {
          "application/json": { schema: z.object({ id: z.string(), status: z.enum(CAMPAIGN_STATUSES) }) },
        },
      },
      400: problemResponse("Not a campaign id"),
      409: problemResponse(`It is not ${from}`),
      ...callerErrors,
      ...notFound,
    },
  });
}

export function registerChangeCampaignStatus(app: OpenAPIHono<AppEnv>) {
  for (const move of ["pause", "resume", "cancel"] as const) {
    app.openapi(route(move), async (c) =>
      c.json(
        await changeCampaignStatus({ ctx: campaignCtx(c), input: { ...c.req.valid("param"), move } }),
        200,
      ),
    );
  }
}
