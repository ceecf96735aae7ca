import { campaignId, deleteCampaign } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound } from "./schema";

const remove = createRoute({
  method: "delete",
  path: "/v1/campaigns/{id}",
  operationId: "deleteCampaign",
  tags: ["campaigns"],
  summary: "Delete a draft campaign (scheduled ones are cancelled, sent ones keep their statistics)",
  security: callerSecurity,
  request: { params: z.object({ id: campaignId }) },
  responses: {
    204: { description: "Deleted" },
    400: problemResponse("Not a campaign id"),
    409: problemResponse("The campaign is not a draft"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerDeleteCampaign(app: OpenAPIHono<AppEnv>) {
  app.openapi(remove, async (c) => {
    await deleteCampaign({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.body(null, 204);
  });
}
