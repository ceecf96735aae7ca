import { emailId, getEmail } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { email, emailJson } from "./schema";

const event = z
  .object({
    type: z.string(),
    recipient: z.string().nullable(),
    detail: z.string().nullable(),
    occurredAt: z.iso.datetime(),
  })
  .openapi("EmailEvent");

const route = createRoute({
  method: "get",
  path: "/v1/emails/{id}",
  operationId: "getEmail",
  tags: ["emails"],
  summary: "An email's status, its events in order, and its attachments",
  security: callerSecurity,
  request: { params: z.object({ id: emailId }) },
  responses: {
    200: {
      description: "The email",
      content: {
        "application/json": {
          schema: email.extend({
            events: z.array(event),
            attachments: z.array(
              z.object({
                filename: z.string(),
                contentType: z.string(),
                contentId: z.string().nullable(),
                size: z.number(),
              }),
            ),
          }),
        },
      },
    },
    400: problemResponse("Invalid id"),
    404: problemResponse("No such email in this account"),
    ...callerErrors,
  },
});

export function registerGetEmail(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const found = await getEmail({ ctx: accountCtx(c), input: c.req.valid("param") });
    const events = found.events.map((e) => ({ ...e, occurredAt: e.occurredAt.toISOString() }));
    return c.json({ ...emailJson(found), events }, 200);
  });
}
