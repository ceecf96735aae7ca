import { createList, createListInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { json, list } from "./schema";

const route = createRoute({
  method: "post",
  path: "/v1/lists",
  operationId: "createList",
  tags: ["lists"],
  summary: "Create a list (double opt-in unless `doubleOptIn` is false)",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: createListInput, example: { name: "Newsletter", doubleOptIn: true } },
      },
    },
  },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: list } } },
    400: problemResponse("Invalid fields"),
    409: problemResponse("The account already has a list of that name"),
    ...callerErrors,
  },
});

export function registerCreateList(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(json(await createList({ ctx: accountCtx(c), input: c.req.valid("json") })), 201),
  );
}
