import { listId, updateList, updateListInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { json, list, notFound } from "./schema";

const route = createRoute({
  method: "patch",
  path: "/v1/lists/{id}",
  operationId: "updateList",
  tags: ["lists"],
  summary: "Rename a list, or change double opt-in for later subscriptions",
  security: callerSecurity,
  request: {
    params: z.object({ id: listId }),
    body: {
      required: true,
      content: { "application/json": { schema: updateListInput, example: { doubleOptIn: false } } },
    },
  },
  responses: {
    200: { description: "Changed", content: { "application/json": { schema: list } } },
    400: problemResponse("Invalid fields"),
    409: problemResponse("The account already has a list of that name"),
    ...callerErrors,
    ...notFound("list"),
  },
});

export function registerUpdateList(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const input = { ...c.req.valid("param"), ...c.req.valid("json") };
    return c.json(json(await updateList({ ctx: accountCtx(c), input })), 200);
  });
}
