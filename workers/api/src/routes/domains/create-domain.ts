import { createSenderDomain, createSenderDomainInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { domainCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { senderDomain, senderDomainJson } from "./schema";

const create = createRoute({
  method: "post",
  path: "/v1/domains",
  operationId: "createSenderDomain",
  tags: ["domains"],
  summary: "Add a sender domain; the answer lists the DNS records to publish before verifying it",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": { schema: createSenderDomainInput, example: { domain: "mail.example.com" } },
      },
    },
  },
  responses: {
    201: {
      description: "Added, pending verification",
      content: { "application/json": { schema: senderDomain } },
    },
    400: problemResponse("Not a domain name"),
    ...callerErrors,
    409: problemResponse("The account already has this domain"),
  },
});

export function registerCreateDomain(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) => {
    const domain = await createSenderDomain({ ctx: domainCtx(c), input: c.req.valid("json") });
    return c.json(senderDomainJson(domain), 201);
  });
}
