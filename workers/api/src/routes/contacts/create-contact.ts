import { createContact, createContactInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { contact, json } from "./schema";

const route = createRoute({
  method: "post",
  path: "/v1/contacts",
  operationId: "createContact",
  tags: ["contacts"],
  summary: "Add a contact: an email and/or a phone (stored in E.164), and values for the account's fields",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: createContactInput,
          example: { email: "ann@example.com", phone: "079 123 45 67", defaultCountry: "CH", attributes: {} },
        },
      },
    },
  },
  responses: {
    201: { description: "Added", content: { "application/json": { schema: contact } } },
    400: problemResponse("Invalid fields: the address, the number, or an attribute (attributes.<key>)"),
    409: problemResponse("The account already has a contact with this email or phone (named in errors)"),
    ...callerErrors,
  },
});

export function registerCreateContact(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(json(await createContact({ ctx: accountCtx(c), input: c.req.valid("json") })), 201),
  );
}
