import { campaignId, sendCampaign } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { campaignCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound } from "./schema";

const send = createRoute({
  method: "post",
  path: "/v1/campaigns/{id}/send",
  operationId: "sendCampaign",
  tags: ["campaigns"],
  summary: "Start sending a draft or scheduled campaign now",
  description:
    "Checks that it can go out, counts its audience and takes one email credit per recipient as recipients are written; refused with 402 and the `shortfall` when the email wallet cannot pay for all of them.",
  security: callerSecurity,
  request: { params: z.object({ id: campaignId }) },
  responses: {
    202: {
      description: "Sending started",
      content: {
        "application/json": {
          schema: z.object({
            id: z.string(),
            status: z.literal("sending"),
            audienceSize: z.number().int(),
            startedAt: z.iso.datetime(),
          }),
        },
      },
    },
    400: problemResponse("It cannot go out: each field that stops it"),
    402: problemResponse(
      "The email wallet cannot pay for the whole audience; `shortfall` says how many credits are missing",
    ),
    409: problemResponse("It is not a draft or scheduled campaign"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerSendCampaign(app: OpenAPIHono<AppEnv>) {
  app.openapi(send, async (c) => {
    const started = await sendCampaign({ ctx: campaignCtx(c), input: c.req.valid("param") });
    return c.json({ ...started, startedAt: started.startedAt.toISOString() }, 202);
  });
}
