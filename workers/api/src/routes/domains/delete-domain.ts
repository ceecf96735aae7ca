import { deleteSenderDomain, senderDomainId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound } from "./schema";

const remove = createRoute({
  method: "delete",
  path: "/v1/domains/{id}",
  operationId: "deleteSenderDomain",
  tags: ["domains"],
  summary: "Remove a sender domain and its DKIM key: nothing can be sent from it any more",
  security: callerSecurity,
  request: { params: z.object({ id: senderDomainId }) },
  responses: {
    204: { description: "Removed" },
    400: problemResponse("Not a sender domain id"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerDeleteDomain(app: OpenAPIHono<AppEnv>) {
  app.openapi(remove, async (c) => {
    await deleteSenderDomain({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.body(null, 204);
  });
}
