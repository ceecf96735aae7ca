import { getCredits, getCreditsInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
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
  operationId: "getCredits",
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
    ...callerErrors,
  },
});

export function registerGetCredits(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const credits = await getCredits({ ctx: accountCtx(c), input: c.req.valid("query") });
    const entries = credits.entries.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }));
    return c.json({ ...credits, entries }, 200);
  });
}
