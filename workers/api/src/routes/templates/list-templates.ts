import { listTemplates, listTemplatesInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { templateJson, templateSummary } from "./schema";

const list = createRoute({
  method: "get",
  path: "/v1/templates",
  operationId: "listTemplates",
  tags: ["templates"],
  summary: "The account's templates, newest first, a page at a time (without their bodies)",
  security: callerSecurity,
  request: { query: listTemplatesInput },
  responses: {
    200: {
      description: "A page of templates",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(templateSummary), nextCursor: z.string().nullable() }),
        },
      },
    },
    400: problemResponse("Invalid query"),
    ...callerErrors,
  },
});

export function registerListTemplates(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const page = await listTemplates({ ctx: accountCtx(c), input: c.req.valid("query") });
    return c.json({ items: page.items.map(templateJson), nextCursor: page.nextCursor }, 200);
  });
}
