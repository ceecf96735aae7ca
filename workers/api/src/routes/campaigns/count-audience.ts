import { campaignId, countAudience } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound } from "./schema";

const audience = z
  .object({
    recipients: z.number().int().openapi({ description: "Contacts it would reach now, each once" }),
    emailCredits: z.number().int().openapi({ description: "The email wallet's balance" }),
    shortfall: z
      .number()
      .int()
      .openapi({ description: "Credits missing to send to all of them (0 if none)" }),
  })
  .openapi("CampaignAudienceCount");

const count = createRoute({
  method: "get",
  path: "/v1/campaigns/{id}/audience",
  operationId: "countCampaignAudience",
  tags: ["campaigns"],
  summary: "How many subscribed contacts the campaign would reach now, and the credits it would need",
  security: callerSecurity,
  request: { params: z.object({ id: campaignId }) },
  responses: {
    200: { description: "The audience's size", content: { "application/json": { schema: audience } } },
    400: problemResponse(
      "Not a campaign id, or an audience naming nothing, a deleted segment or a deleted field",
    ),
    ...callerErrors,
    ...notFound,
  },
});

export function registerCountAudience(app: OpenAPIHono<AppEnv>) {
  app.openapi(count, async (c) =>
    c.json(await countAudience({ ctx: accountCtx(c), input: c.req.valid("param") }), 200),
  );
}
