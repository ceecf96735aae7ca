import { listCampaigns, listCampaignsInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { campaignJson, campaignSummary } from "./schema";

const list = createRoute({
  method: "get",
  path: "/v1/campaigns",
  operationId: "listCampaigns",
  tags: ["campaigns"],
  summary: "The account's campaigns, newest first, a page at a time, optionally in one state",
  security: callerSecurity,
  request: { query: listCampaignsInput },
  responses: {
    200: {
      description: "A page of campaigns",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(campaignSummary), nextCursor: z.string().nullable() }),
        },
      },
    },
    400: problemResponse("Invalid query"),
    ...callerErrors,
  },
});

export function registerListCampaigns(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const page = await listCampaigns({ ctx: accountCtx(c), input: c.req.valid("query") });
    return c.json({ items: page.items.map(campaignJson), nextCursor: page.nextCursor }, 200);
  });
}
