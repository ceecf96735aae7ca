import { deleteTemplate, templateId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound } from "./schema";

const remove = createRoute({
  method: "delete",
  path: "/v1/templates/{id}",
  operationId: "deleteTemplate",
  tags: ["templates"],
  summary: "Delete a template (emails already sent from it keep their content)",
  security: callerSecurity,
  request: { params: z.object({ id: templateId }) },
  responses: {
    204: { description: "Deleted" },
    400: problemResponse("Not a template id"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerDeleteTemplate(app: OpenAPIHono<AppEnv>) {
  app.openapi(remove, async (c) => {
    await deleteTemplate({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.body(null, 204);
  });
}
