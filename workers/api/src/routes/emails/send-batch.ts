import { sendBatchInput, sendEmails } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { deliveryCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors } from "../errors";
import { callerSecurity } from "../security";
import { idempotencyHeader, sendErrors, sendResult } from "./schema";
import { sendLimit } from "./send-limit";

const route = createRoute({
  method: "post",
  path: "/v1/emails/batch",
  operationId: "sendEmailBatch",
  tags: ["emails"],
  summary: "Send up to 100 emails at once: all are accepted, or none",
  security: callerSecurity,
  request: {
    headers: idempotencyHeader,
    body: {
      required: true,
      content: {
        "application/json": {
          schema: sendBatchInput,
          example: {
            emails: [
              { from: "hello@acme.example", to: ["ann@example.com"], subject: "Hi Ann", text: "Hello Ann" },
              { from: "hello@acme.example", to: ["bob@example.com"], subject: "Hi Bob", text: "Hello Bob" },
            ],
          },
        },
      },
    },
  },
  responses: {
    202: {
      description: "Accepted and queued, in the order given",
      content: { "application/json": { schema: z.object({ data: z.array(sendResult) }) } },
    },
    ...sendErrors,
    ...callerErrors,
  },
});

export function registerSendBatch(app: OpenAPIHono<AppEnv>) {
  app.use(route.path, sendLimit);
  app.openapi(route, async (c) => {
    const { results, replayed } = await sendEmails({
      ctx: deliveryCtx(c),
      input: {
        emails: c.req.valid("json").emails,
        batch: true,
        idempotencyKey: c.req.valid("header")["idempotency-key"],
      },
    });
    if (replayed) c.header("idempotent-replayed", "true");
    return c.json({ data: results }, 202);
  });
}
