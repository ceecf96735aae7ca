import { listEmails, listEmailsInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { email, emailJson } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/emails",
  operationId: "listEmails",
  tags: ["emails"],
  summary: "The account's emails, newest first; filter by status, tag, recipient and time",
  security: callerSecurity,
  request: { query: listEmailsInput },
  responses: {
    200: {
      description: "A page of emails",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(email), nextCursor: z.string().nullable() }),
        },
      },
    },
    400: problemResponse("Invalid query"),
    ...callerErrors,
  },
});

export function registerListEmails(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const page = await listEmails({ ctx: accountCtx(c), input: c.req.valid("query") });
    return c.json({ items: page.items.map(emailJson), nextCursor: page.nextCursor }, 200);
  });
}
