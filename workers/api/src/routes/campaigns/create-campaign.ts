import { createCampaign, createCampaignInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { campaign, campaignJson } from "./schema";

const create = createRoute({
  method: "post",
  path: "/v1/campaigns",
  operationId: "createCampaign",
  tags: ["campaigns"],
  summary: "Store a draft email campaign; the lists, segments, template and sender it names are checked now",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: createCampaignInput,
          example: {
            name: "December newsletter",
            subject: "What's new in December, {{ contact.first_name | default: 'friend' }}",
            html: "<h1>December</h1><p>Hello {{ contact.first_name | default: 'friend' }}</p>",
            preheader: "Three things we made for you this month",
          },
        },
      },
    },
  },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: campaign } } },
    400: problemResponse(
      "Invalid fields, each named: a list, segment or template not in the account, an unverified sender, content that is not a valid template",
    ),
    ...callerErrors,
  },
});

export function registerCreateCampaign(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) => {
    const created = await createCampaign({ ctx: accountCtx(c), input: c.req.valid("json") });
    return c.json(campaignJson(created), 201);
  });
}
