import { getList, listId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { json, listWithCounts, notFound } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/lists/{id}",
  operationId: "getList",
  tags: ["lists"],
  summary: "A list, with how many contacts it has in each status",
  security: callerSecurity,
  request: { params: z.object({ id: listId }) },
  responses: {
    200: { description: "The list", content: { "application/json": { schema: listWithCounts } } },
    400: problemResponse("Not a list id"),
    ...callerErrors,
    ...notFound("list"),
  },
});

export function registerGetList(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { counts, ...found } = await getList({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.json({ ...json(found), counts }, 200);
  });
}
