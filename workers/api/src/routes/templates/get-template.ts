import { getTemplate, templateId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound, template, templateJson } from "./schema";

const get = createRoute({
  method: "get",
  path: "/v1/templates/{id}",
  operationId: "getTemplate",
  tags: ["templates"],
  summary: "A template with its subject and bodies",
  security: callerSecurity,
  request: { params: z.object({ id: templateId }) },
  responses: {
    200: { description: "The template", content: { "application/json": { schema: template } } },
    400: problemResponse("Not a template id"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerGetTemplate(app: OpenAPIHono<AppEnv>) {
  app.openapi(get, async (c) =>
    c.json(templateJson(await getTemplate({ ctx: accountCtx(c), input: c.req.valid("param") })), 200),
  );
}
