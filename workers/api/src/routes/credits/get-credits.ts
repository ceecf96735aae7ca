import { getCredits, getCreditsInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";

const entry = z
  .object({
    id: z.string(),
    kind: z.string(),
    amount: z.number().int(),
    balanceAfter: z.number().int(),
    reference: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi("CreditEntry");

const route = createRoute({
  method: "get",
  path: "/v1/credits",
  tags: ["credits"],
  summary: "Wallet balances, and one wallet's ledger, newest entry first",
  security: callerSecurity,
  request: { query: getCreditsInput },
  responses: {
    200: {
      description: "Balances and a page of the ledger",
      content: {
        "application/json": {
          schema: z.object({
            balances: z.object({ email: z.number().int(), sms: z.number().int() }),
            entries: z.array(entry),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    400: problemResponse("Invalid query"),
    401: problemResponse("Not authenticated"),
    403: problemResponse("Not allowed"),
  },
});

export function registerGetCredits(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const credits = await getCredits({ ctx: accountCtx(c), input: c.req.valid("query") });
    const entries = credits.entries.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }));
    return c.json({ ...credits, entries }, 200);
  });
}
