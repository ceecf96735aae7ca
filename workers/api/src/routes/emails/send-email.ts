import { emailInput, sendEmails } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { deliveryCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { idempotencyHeader, sendErrors, sendResult } from "./schema";
import { sendLimit } from "./send-limit";

const route = createRoute({
  method: "post",
  path: "/v1/emails",
  operationId: "sendEmail",
  tags: ["emails"],
  summary: "Send an email: from a verified domain, one credit per recipient",
  security: callerSecurity,
  request: {
    headers: idempotencyHeader,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: emailInput,
          example: {
            from: "Acme <hello@acme.example>",
            to: ["Ann Smith <ann@example.com>"],
            subject: "Your order has shipped",
            html: "<p>It is on its way.</p>",
            tags: ["shipping"],
            metadata: { orderId: "1042" },
          },
        },
      },
    },
  },
  responses: {
    202: { description: "Accepted and queued", content: { "application/json": { schema: sendResult } } },
    ...sendErrors,
    ...callerErrors,
  },
});

export function registerSendEmail(app: OpenAPIHono<AppEnv>) {
  app.use(route.path, sendLimit);
  app.openapi(route, async (c) => {
    const { results, replayed } = await sendEmails({
      ctx: deliveryCtx(c),
      input: {
        emails: [c.req.valid("json")],
        batch: false,
        idempotencyKey: c.req.valid("header")["idempotency-key"],
      },
    });
    if (replayed) c.header("idempotent-replayed", "true");
    return c.json(results[0] as (typeof results)[number], 202);
  });
}
