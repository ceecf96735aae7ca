import { deleteTemplate, templateId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";
import { errors, notFound } from "./schema";

const remove = createRoute({
  method: "delete",
  path: "/v1/templates/{id}",
  tags: ["templates"],
  summary: "Delete a template (emails already sent from it keep their content)",
  security: callerSecurity,
  request: { params: z.object({ id: templateId }) },
  responses: {
    204: { description: "Deleted" },
    400: problemResponse("Not a template id"),
    ...errors,
    ...notFound,
  },
});

export function registerDeleteTemplate(app: OpenAPIHono<AppEnv>) {
  app.openapi(remove, async (c) => {
    await deleteTemplate({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.body(null, 204);
  });
}
