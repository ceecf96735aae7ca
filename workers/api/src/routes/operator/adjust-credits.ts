import { adjustCredits, adjustCreditsInput } from "@edgepost/core";
import { CREDIT_WALLETS } from "@edgepost/db";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { operatorCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { operatorErrors, problemResponse } from "../errors";
import { operatorSecurity } from "../security";
import { params } from "./account-status-schema";

const route = createRoute({
  method: "post",
  path: "/operator/v1/accounts/{id}/credits",
  operationId: "adjustCredits",
  tags: ["operator"],
  summary: "Add or take back credits by hand; the same reference is booked once",
  description:
    "A reference names one adjustment of the account. Repeating it with the same wallet and amount books nothing more and answers the balance now; the same reference with another wallet or amount is refused with 409 `reference_reused`.",
  security: operatorSecurity,
  request: {
    params,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: adjustCreditsInput,
          example: { wallet: "email", amount: 5000, reference: "goodwill-2026-11" },
        },
      },
    },
  },
  responses: {
    200: {
      description: "Booked, or already booked with this reference, wallet and amount",
      content: {
        "application/json": {
          schema: z.object({ wallet: z.enum(CREDIT_WALLETS), balance: z.number().int() }),
        },
      },
    },
    400: problemResponse("Invalid fields"),
    404: problemResponse("No such account"),
    409: problemResponse(
      "Taking back more than the wallet holds (`conflict`), or a reference already used for another wallet or amount (`reference_reused`)",
    ),
    ...operatorErrors,
  },
});

export function registerAdjustCredits(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const ctx = operatorCtx(c);
    return c.json(
      await adjustCredits({ ctx, input: { accountId: c.req.valid("param").id, ...c.req.valid("json") } }),
      200,
    );
  });
}
