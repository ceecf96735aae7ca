import { outboundFrom, setEmailProvider, setEmailProviderInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { emailProvider } from "./email-provider";

const route = createRoute({
  method: "put",
  path: "/v1/account/email-provider",
  operationId: "setEmailProvider",
  tags: ["account"],
  summary: "Send this account's emails through its own provider (credentials are sealed, never shown again)",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: setEmailProviderInput,
          example: { url: "postmark://server-token@api.postmarkapp.com?stream=outbound" },
        },
      },
    },
  },
  responses: {
    200: { description: "Set", content: { "application/json": { schema: emailProvider } } },
    400: problemResponse("Not a provider URL, or one the outbound policy refuses (internal host, no TLS)"),
    ...callerErrors,
  },
});

export function registerSetEmailProvider(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    // Loaded here, not at the top: the adapters need workerd's sockets, and the OpenAPI document is
    // also built in Node (the client's generator) where only the route definitions are read.
    const { providerKind } = await import("@edgepost/messaging");
    const ctx = {
      ...accountCtx(c),
      signingSecret: c.env.SIGNING_SECRET,
      providerKind,
      outbound: outboundFrom(c.env),
    };
    const set = await setEmailProvider({ ctx, input: c.req.valid("json") });
    return c.json(
      { source: "account" as const, kind: set.kind, updatedAt: set.updatedAt.toISOString() },
      200,
    );
  });
}
