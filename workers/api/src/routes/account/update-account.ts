import { updateAccount, updateAccountInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";
import { accountSchema, toAccount } from "./schema";

const route = createRoute({
  method: "patch",
  path: "/v1/account",
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
    401: problemResponse("Not authenticated"),
    403: problemResponse("Not allowed, or the account is suspended"),
    422: problemResponse("The industry is refused"),
  },
});

export function registerUpdateAccount(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const ctx = { ...accountCtx(c), delivery: c.env.DELIVERY_QUEUE };
    return c.json(toAccount(await updateAccount({ ctx, input: c.req.valid("json") })), 200);
  });
}
