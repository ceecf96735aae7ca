import { exportAccount } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";

const route = createRoute({
  method: "get",
  path: "/v1/account/export",
  operationId: "exportAccount",
  tags: ["account"],
  summary: "Everything stored about the account, as one JSON document (owners and admins)",
  security: callerSecurity,
  responses: {
    200: {
      description: "The archive, as a download",
      content: { "application/json": { schema: z.object({ format: z.string() }).passthrough() } },
    },
    ...callerErrors,
  },
});

export function registerExportAccount(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const archive = await exportAccount({ ctx: accountCtx(c) });
    const day = archive.exportedAt.toISOString().slice(0, 10);
    c.header(
      "content-disposition",
      `attachment; filename="edgepost-${archive.account?.id ?? "account"}-${day}.json"`,
    );
    return c.json(archive, 200);
  });
}
