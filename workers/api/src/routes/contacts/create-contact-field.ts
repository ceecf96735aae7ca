import { createContactField, createContactFieldInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { contactField, json } from "./schema";

const route = createRoute({
  method: "post",
  path: "/v1/contact-fields",
  operationId: "createContactField",
  tags: ["contacts"],
  summary: "Define a custom contact field (at most 50; the key is unique in the account)",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: createContactFieldInput,
          example: { key: "first_name", label: "First name", type: "text" },
        },
      },
    },
  },
  responses: {
    201: { description: "Defined", content: { "application/json": { schema: contactField } } },
    400: problemResponse("Invalid fields"),
    409: problemResponse("The key is taken, or the account has 50 fields"),
    ...callerErrors,
  },
});

export function registerCreateContactField(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(json(await createContactField({ ctx: accountCtx(c), input: c.req.valid("json") })), 201),
  );
}
