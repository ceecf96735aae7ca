import { addSuppression, addSuppressionInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { suppression, suppressionJson } from "./schema";

const route = createRoute({
  method: "post",
  path: "/v1/suppressions",
  operationId: "addSuppression",
  tags: ["suppressions"],
  summary: "Never mail an address again (an address already listed is returned as it is)",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: addSuppressionInput,
          example: { email: "ann@example.com", reason: "manual" },
        },
      },
    },
  },
  responses: {
    200: { description: "Already listed", content: { "application/json": { schema: suppression } } },
    201: { description: "Added", content: { "application/json": { schema: suppression } } },
    400: problemResponse("Invalid fields"),
    ...callerErrors,
  },
});

export function registerAddSuppression(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const added = await addSuppression({ ctx: accountCtx(c), input: c.req.valid("json") });
    return c.json(suppressionJson(added.suppression), added.created ? 201 : 200);
  });
}
