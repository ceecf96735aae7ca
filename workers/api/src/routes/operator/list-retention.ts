import { listRetentionSettings } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requestCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { operatorErrors } from "../errors";
import { operatorSecurity } from "../security";

const rule = z
  .object({
    rule: z.string(),
    description: z.string(),
    default: z.string().openapi({ example: "P5Y" }),
    max: z.string(),
    period: z.string().openapi({ description: "What applies now to accounts without their own" }),
    updatedAt: z.iso.datetime().nullable(),
    accounts: z.array(z.object({ accountId: z.string(), period: z.string(), updatedAt: z.iso.datetime() })),
  })
  .openapi("RetentionRule");

const route = createRoute({
  method: "get",
  path: "/operator/v1/retention",
  operationId: "listRetentionSettings",
  tags: ["operator"],
  summary: "Every retention and inactivity rule: its default, its value, and accounts' shorter ones",
  security: operatorSecurity,
  responses: {
    200: {
      description: "The rules",
      content: { "application/json": { schema: z.object({ rules: z.array(rule) }) } },
    },
    ...operatorErrors,
  },
});

export function registerListRetention(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const rules = await listRetentionSettings({ ctx: requestCtx(c) });
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    return c.json(
      {
        rules: rules.map((r) => ({
          ...r,
          updatedAt: iso(r.updatedAt),
          accounts: r.accounts.map((a) => ({ ...a, updatedAt: a.updatedAt.toISOString() })),
        })),
      },
      200,
    );
  });
}
