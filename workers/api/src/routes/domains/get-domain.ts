import { getSenderDomain, senderDomainId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound, senderDomain, senderDomainJson } from "./schema";

const get = createRoute({
  method: "get",
  path: "/v1/domains/{id}",
  operationId: "getSenderDomain",
  tags: ["domains"],
  summary: "A sender domain, with the DNS records to publish and what the last check found",
  security: callerSecurity,
  request: { params: z.object({ id: senderDomainId }) },
  responses: {
    200: { description: "The sender domain", content: { "application/json": { schema: senderDomain } } },
    400: problemResponse("Not a sender domain id"),
    ...callerErrors,
    ...notFound,
  },
});

export function registerGetDomain(app: OpenAPIHono<AppEnv>) {
  app.openapi(get, async (c) => {
    const domain = await getSenderDomain({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.json(senderDomainJson(domain), 200);
  });
}
