import { contactId, updateContact, updateContactInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { contact, json, notFound } from "./schema";

const route = createRoute({
  method: "patch",
  path: "/v1/contacts/{id}",
  operationId: "updateContact",
  tags: ["contacts"],
  summary: "Change a contact; attributes are merged, `null` removes a value, the email or the phone",
  security: callerSecurity,
  request: {
    params: z.object({ id: contactId }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: updateContactInput,
          example: { phone: "+41 79 123 45 67", attributes: {} },
        },
      },
    },
  },
  responses: {
    200: { description: "Changed", content: { "application/json": { schema: contact } } },
    400: problemResponse("Invalid fields, or neither an email nor a phone would remain"),
    409: problemResponse("Another contact of the account has this email or phone (named in errors)"),
    ...callerErrors,
    ...notFound("contact"),
  },
});

export function registerUpdateContact(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const input = { ...c.req.valid("param"), ...c.req.valid("json") };
    return c.json(json(await updateContact({ ctx: accountCtx(c), input })), 200);
  });
}
