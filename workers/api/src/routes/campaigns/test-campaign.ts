import { campaignId, testCampaign, testCampaignInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { deliveryCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound } from "./schema";

const test = createRoute({
  method: "post",
  path: "/v1/campaigns/{id}/test",
  operationId: "testCampaign",
  tags: ["campaigns"],
  summary: "Send the campaign as it would go out now to up to 5 addresses, outside its statistics",
  description:
    'Each address gets one transactional email (one credit) whose subject starts with "[Test]"; an address that is a contact of the account gets its merge fields. Not tracked; its unsubscribe link is a placeholder.',
  security: callerSecurity,
  request: {
    params: z.object({ id: campaignId }),
    body: {
      required: true,
      content: { "application/json": { schema: testCampaignInput, example: { to: ["me@example.com"] } } },
    },
  },
  responses: {
    202: {
      description: "Queued, one message per address",
      content: {
        "application/json": {
          schema: z.object({
            results: z.array(
              z.object({
                id: z.string(),
                status: z.enum(["queued", "suppressed"]),
                suppressed: z.array(z.string()),
              }),
            ),
          }),
        },
      },
    },
    400: problemResponse("More than 5 addresses, or the campaign cannot go out: each field that stops it"),
    402: problemResponse("The email wallet cannot pay for the test messages"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerTestCampaign(app: OpenAPIHono<AppEnv>) {
  app.openapi(test, async (c) => {
    const input = { ...c.req.valid("json"), ...c.req.valid("param") };
    const ctx = { ...deliveryCtx(c), publicUrl: c.env.PUBLIC_URL };
    return c.json(await testCampaign({ ctx, input }), 202);
  });
}
