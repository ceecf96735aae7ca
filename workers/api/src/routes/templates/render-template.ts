import { previewTemplate, previewTemplateInput, templateId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound } from "./schema";

const rendered = z
  .object({
    id: z.string(),
    subject: z.string(),
    html: z.string().optional(),
    text: z.string().optional(),
  })
  .openapi("RenderedTemplate");

const render = createRoute({
  method: "post",
  path: "/v1/templates/{id}/render",
  operationId: "previewTemplate",
  tags: ["templates"],
  summary: "Preview a template with variables, exactly as a send would render it; nothing is sent",
  security: callerSecurity,
  request: {
    params: z.object({ id: templateId }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: previewTemplateInput,
          example: { variables: { name: "Ada", order: { number: "1042", total: "CHF 42.00" } } },
        },
      },
    },
  },
  responses: {
    200: { description: "The rendered parts", content: { "application/json": { schema: rendered } } },
    400: problemResponse("Invalid variables, or the template failed to render (the field says which part)"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerRenderTemplate(app: OpenAPIHono<AppEnv>) {
  app.openapi(render, async (c) => {
    const input = { ...c.req.valid("param"), ...c.req.valid("json") };
    return c.json(await previewTemplate({ ctx: accountCtx(c), input }), 200);
  });
}
