import { listContactFields } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { contactField, json } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/contact-fields",
  operationId: "listContactFields",
  tags: ["contacts"],
  summary: "The account's custom contact fields, oldest first",
  security: callerSecurity,
  responses: {
    200: {
      description: "Every field (at most 50)",
      content: { "application/json": { schema: z.object({ items: z.array(contactField) }) } },
    },
    ...callerErrors,
  },
});

export function registerListContactFields(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const fields = await listContactFields({ ctx: accountCtx(c) });
    return c.json({ items: fields.map(json) }, 200);
  });
}
