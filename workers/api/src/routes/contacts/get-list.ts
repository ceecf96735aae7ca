import { getList, listId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";
import { errors, json, listWithCounts, notFound } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/lists/{id}",
  tags: ["lists"],
  summary: "A list, with how many contacts it has in each status",
  security: callerSecurity,
  request: { params: z.object({ id: listId }) },
  responses: {
    200: { description: "The list", content: { "application/json": { schema: listWithCounts } } },
    400: problemResponse("Not a list id"),
    ...errors,
    ...notFound("list"),
  },
});

export function registerGetList(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { counts, ...found } = await getList({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.json({ ...json(found), counts }, 200);
  });
}
