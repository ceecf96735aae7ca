import { restrictContact } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { contactParams, notFound } from "./schema";

const route = createRoute({
  method: "post",
  path: "/v1/contacts/{id}/restrict",
  operationId: "restrictContact",
  tags: ["contacts"],
  summary: "Restrict a contact at its request: unsubscribe it from every list and suppress its address",
  security: callerSecurity,
  request: { params: contactParams },
  responses: {
    200: {
      description: "Restricted",
      content: {
        "application/json": {
          schema: z
            .object({
              id: z.string(),
              lists: z.number().int().describe("Lists it was on, each with a `restricted` ledger entry"),
              suppressed: z.boolean().describe("False for a contact with only a phone number"),
            })
            .openapi("ContactRestriction"),
        },
      },
    },
    400: problemResponse("Invalid id"),
    ...notFound,
    ...callerErrors,
  },
});

export function registerRestrictContact(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(await restrictContact({ ctx: accountCtx(c), input: c.req.valid("param") }), 200),
  );
}
