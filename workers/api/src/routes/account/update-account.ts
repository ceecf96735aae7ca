import { updateAccount, updateAccountInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { deliveryCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { accountSchema, toAccount } from "./schema";

const route = createRoute({
  method: "patch",
  path: "/v1/account",
  operationId: "updateAccount",
  tags: ["account"],
  summary: "Correct the account's data",
  description: "The owner is emailed whenever account data changes. A refused industry is refused here too.",
  security: callerSecurity,
  request: {
    body: {
      content: {
        "application/json": {
          schema: updateAccountInput,
          example: {
            companyName: "Nordlicht Medien GmbH",
            street: "Grosse Elbstrasse 12",
            postcode: "22767",
          },
        },
      },
    },
  },
  responses: {
    200: {
      description: "The account as changed",
      content: { "application/json": { schema: accountSchema } },
    },
    400: problemResponse("Invalid fields"),
    422: problemResponse("The industry is refused"),
    ...callerErrors,
  },
});

export function registerUpdateAccount(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const ctx = deliveryCtx(c);
    return c.json(toAccount(await updateAccount({ ctx, input: c.req.valid("json") })), 200);
  });
}
