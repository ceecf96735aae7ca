import { removeUser, userId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { deliveryCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { json, notFound } from "./schema";

const remove = createRoute({
  method: "delete",
  path: "/v1/users/{id}",
  operationId: "removeUser",
  tags: ["users"],
  summary: "Delete a user (they keep access until the end of the billing cycle)",
  security: callerSecurity,
  request: { params: z.object({ id: userId }) },
  responses: {
    200: json(z.object({ id: z.string(), removeAt: z.iso.datetime() }), "Deleted"),
    ...notFound,
    ...callerErrors,
  },
});

export function registerRemoveUser(app: OpenAPIHono<AppEnv>) {
  app.openapi(remove, async (c) => {
    const ctx = deliveryCtx(c);
    const removed = await removeUser({ ctx, input: c.req.valid("param") });
    return c.json({ id: removed.id, removeAt: removed.removeAt.toISOString() }, 200);
  });
}
