import { templateId, updateTemplate, updateTemplateInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound, template, templateJson } from "./schema";

const update = createRoute({
  method: "patch",
  path: "/v1/templates/{id}",
  operationId: "updateTemplate",
  tags: ["templates"],
  summary: "Change a template; `null` removes the HTML or text part (one must remain)",
  security: callerSecurity,
  request: {
    params: z.object({ id: templateId }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: updateTemplateInput,
          example: { subject: "Your receipt {{ order.number }}" },
        },
      },
    },
  },
  responses: {
    200: { description: "Changed", content: { "application/json": { schema: template } } },
    400: problemResponse("Invalid fields, or a part that is not a valid template"),
    409: problemResponse("The account already has a template of that name"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerUpdateTemplate(app: OpenAPIHono<AppEnv>) {
  app.openapi(update, async (c) => {
    const input = { ...c.req.valid("param"), ...c.req.valid("json") };
    return c.json(templateJson(await updateTemplate({ ctx: accountCtx(c), input })), 200);
  });
}
