import { closeAccount, closeAccountInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { deliveryCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";

const route = createRoute({
  method: "post",
  path: "/v1/account/close",
  operationId: "closeAccount",
  tags: ["account"],
  summary: "Close the account (owner only)",
  description:
    "Sending stops at once, credits are forfeited without refund, sessions and API keys end, and personal data is purged 45 days later. Billing records are kept.",
  security: [{ session: [] }],
  request: {
    body: {
      required: true,
      content: { "application/json": { schema: closeAccountInput, example: { confirm: true } } },
    },
  },
  responses: {
    200: {
      description: "Closed",
      content: {
        "application/json": {
          schema: z.object({ status: z.literal("closed"), purgeAfter: z.iso.datetime() }),
        },
      },
    },
    400: problemResponse("Not confirmed"),
    ...callerErrors,
  },
});

export function registerCloseAccount(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const ctx = deliveryCtx(c);
    const closed = await closeAccount({ ctx, input: c.req.valid("json") });
    return c.json({ status: closed.status, purgeAfter: closed.purgeAfter.toISOString() }, 200);
  });
}
