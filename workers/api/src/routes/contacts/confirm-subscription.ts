import { confirmSubscription, confirmSubscriptionInput, contactId, listId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { json, membership, notFound, requestOrigin } from "./schema";

const route = createRoute({
  method: "post",
  path: "/v1/lists/{id}/contacts/{contactId}/confirm",
  operationId: "confirmSubscription",
  tags: ["lists"],
  summary:
    "Record the contact's double opt-in confirmation: unconfirmed becomes subscribed, with its time in the consent ledger",
  description: "`ip` and `userAgent` are the contact's; without them, the request's are recorded.",
  security: callerSecurity,
  request: {
    params: z.object({ id: listId, contactId }),
    body: {
      required: false,
      content: {
        "application/json": {
          schema: confirmSubscriptionInput,
          example: { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)" },
        },
      },
    },
  },
  responses: {
    200: { description: "The membership", content: { "application/json": { schema: membership } } },
    400: problemResponse("Invalid fields"),
    409: problemResponse("The contact is unsubscribed, bounced or complained on this list"),
    ...callerErrors,
    ...notFound("list, contact or membership"),
  },
});

export function registerConfirmSubscription(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { id, contactId: contact } = c.req.valid("param");
    const body = c.req.valid("json") ?? {};
    const { membership: changed } = await confirmSubscription({
      ctx: accountCtx(c),
      input: { ...requestOrigin(c, body), listId: id, contactId: contact },
    });
    return c.json(json(changed), 200);
  });
}
