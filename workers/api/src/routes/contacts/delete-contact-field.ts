import { contactFieldId, deleteContactField } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/v1/contact-fields/{id}",
  operationId: "deleteContactField",
  tags: ["contacts"],
  summary: "Delete a custom field and its value on every contact",
  security: callerSecurity,
  request: { params: z.object({ id: contactFieldId }) },
  responses: {
    204: { description: "Deleted" },
    400: problemResponse("Not a contact field id"),
    ...callerErrors,
    ...notFound("contact field"),
  },
});

export function registerDeleteContactField(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await deleteContactField({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.body(null, 204);
  });
}
