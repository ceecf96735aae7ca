import { deleteList, listId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/v1/lists/{id}",
  operationId: "deleteList",
  tags: ["lists"],
  summary:
    "Delete a list and its memberships; contacts still subscribed get an unsubscribed entry in the consent ledger",
  security: callerSecurity,
  request: { params: z.object({ id: listId }) },
  responses: {
    204: { description: "Deleted" },
    400: problemResponse("Not a list id"),
    ...callerErrors,
    ...notFound("list"),
  },
});

export function registerDeleteList(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await deleteList({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.body(null, 204);
  });
}
