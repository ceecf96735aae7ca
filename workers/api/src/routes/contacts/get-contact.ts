import { contactId, getContact } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { contactWithMemberships, json, notFound } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/contacts/{id}",
  operationId: "getContact",
  tags: ["contacts"],
  summary: "A contact with its status on each list",
  security: callerSecurity,
  request: { params: z.object({ id: contactId }) },
  responses: {
    200: { description: "The contact", content: { "application/json": { schema: contactWithMemberships } } },
    400: problemResponse("Not a contact id"),
    ...callerErrors,
    ...notFound("contact"),
  },
});

export function registerGetContact(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { memberships, ...found } = await getContact({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.json({ ...json(found), memberships: memberships.map(json) }, 200);
  });
}
