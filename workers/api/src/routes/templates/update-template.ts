import { templateId, updateTemplate, updateTemplateInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";
import { errors, notFound, template, templateJson } from "./schema";

const update = createRoute({
  method: "patch",
  path: "/v1/templates/{id}",
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
    ...errors,
    ...notFound,
  },
});

export function registerUpdateTemplate(app: OpenAPIHono<AppEnv>) {
  app.openapi(update, async (c) => {
    const input = { ...c.req.valid("param"), ...c.req.valid("json") };
    return c.json(templateJson(await updateTemplate({ ctx: accountCtx(c), input })), 200);
  });
}
