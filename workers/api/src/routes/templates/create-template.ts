import { createTemplate, createTemplateInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { template, templateJson } from "./schema";

const create = createRoute({
  method: "post",
  path: "/v1/templates",
  operationId: "createTemplate",
  tags: ["templates"],
  summary: "Store an email template (Liquid); every part is parsed now and refused with its field if invalid",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: createTemplateInput,
          example: {
            name: "Order receipt",
            subject: "Your order {{ order.number }}",
            html: "<p>Hello {{ name | default: 'there' }},</p><p>Total: {{ order.total }}</p>",
            text: "Hello {{ name | default: 'there' }}, total: {{ order.total }}",
          },
        },
      },
    },
  },
  responses: {
    201: { description: "Created", content: { "application/json": { schema: template } } },
    400: problemResponse("Invalid fields, or a part that is not a valid template"),
    409: problemResponse("The account already has a template of that name"),
    ...callerErrors,
  },
});

export function registerCreateTemplate(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) => {
    const created = await createTemplate({ ctx: accountCtx(c), input: c.req.valid("json") });
    return c.json(templateJson(created), 201);
  });
}
