import { contactId, listId, subscribeContact, subscribeContactInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { json, membership, notFound, requestOrigin } from "./schema";

const route = createRoute({
  method: "put",
  path: "/v1/lists/{id}/contacts/{contactId}",
  operationId: "subscribeContact",
  tags: ["lists"],
  summary:
    "Subscribe a contact (unconfirmed on a double opt-in list), recording the exact consent text in the consent ledger",
  description:
    "`ip` and `userAgent` are the contact's when it gave consent; without them, the request's are recorded. " +
    "A contact already subscribed or waiting for confirmation is returned as it is.",
  security: callerSecurity,
  request: {
    params: z.object({ id: listId, contactId }),
    body: {
      required: true,
      content: {
        "application/json": {
          schema: subscribeContactInput,
          example: {
            consentText: "Yes, send me the Acme newsletter once a month. I can unsubscribe at any time.",
            ip: "203.0.113.7",
            userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)",
          },
        },
      },
    },
  },
  responses: {
    200: { description: "The membership", content: { "application/json": { schema: membership } } },
    400: problemResponse("Invalid fields (the consent text is required)"),
    409: problemResponse("The contact's email is suppressed, or it bounced or complained on this list"),
    ...callerErrors,
    ...notFound("list or contact"),
  },
});

export function registerSubscribeContact(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { id, contactId: contact } = c.req.valid("param");
    const body = c.req.valid("json");
    const { membership: joined } = await subscribeContact({
      ctx: accountCtx(c),
      input: { ...body, ...requestOrigin(c, body), listId: id, contactId: contact },
    });
    return c.json(json(joined), 200);
  });
}
