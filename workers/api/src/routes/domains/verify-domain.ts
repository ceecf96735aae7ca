import { senderDomainId, verifySenderDomain } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { domainCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { notFound, senderDomain, senderDomainJson } from "./schema";

const verify = createRoute({
  method: "post",
  path: "/v1/domains/{id}/verify",
  operationId: "verifySenderDomain",
  tags: ["domains"],
  summary: "Check the domain's DNS records now: verified when all four are right, failed otherwise",
  security: callerSecurity,
  request: { params: z.object({ id: senderDomainId }) },
  responses: {
    200: {
      description: "Checked: `status` and `checks` say what was found",
      content: { "application/json": { schema: senderDomain } },
    },
    400: problemResponse("Not a sender domain id"),
    ...callerErrors,
    ...notFound,
    503: problemResponse("DNS could not be asked (dns_unavailable): nothing changed, try again later"),
  },
});

export function registerVerifyDomain(app: OpenAPIHono<AppEnv>) {
  app.openapi(verify, async (c) => {
    const domain = await verifySenderDomain({ ctx: domainCtx(c), input: c.req.valid("param") });
    return c.json(senderDomainJson(domain), 200);
  });
}
