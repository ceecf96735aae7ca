import { listLists, listListsInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { json, list, page } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/lists",
  operationId: "listLists",
  tags: ["lists"],
  summary: "The account's lists, newest first",
  security: callerSecurity,
  request: { query: listListsInput },
  responses: {
    200: { description: "A page, newest first", content: { "application/json": { schema: page(list) } } },
    400: problemResponse("Invalid query"),
    ...callerErrors,
  },
});

export function registerListLists(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const found = await listLists({ ctx: accountCtx(c), input: c.req.valid("query") });
    return c.json({ items: found.items.map(json), nextCursor: found.nextCursor }, 200);
  });
}
