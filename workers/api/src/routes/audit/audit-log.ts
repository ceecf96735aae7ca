import { listAuditLog, listAuditLogInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";

const entry = z
  .object({
    id: z.string(),
    actor: z.string(),
    action: z.string(),
    target: z.string().nullable(),
    ip: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi("AuditEntry");

const route = createRoute({
  method: "get",
  path: "/v1/audit-log",
  operationId: "listAuditLog",
  tags: ["account"],
  summary: "What happened in the account, newest first (owners and admins)",
  security: callerSecurity,
  request: { query: listAuditLogInput },
  responses: {
    200: {
      description: "A page of entries",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(entry), nextCursor: z.string().nullable() }),
        },
      },
    },
    400: problemResponse("Invalid query"),
    ...callerErrors,
  },
});

export function registerAuditLog(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const page = await listAuditLog({ ctx: accountCtx(c), input: c.req.valid("query") });
    const items = page.items.map((e) => ({ ...e, createdAt: e.createdAt.toISOString() }));
    return c.json({ items, nextCursor: page.nextCursor }, 200);
  });
}
