import { eraseContact } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { contactParams, notFound } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/v1/contacts/{id}",
  operationId: "eraseContact",
  tags: ["contacts"],
  summary: "Erase a contact everywhere, at its request (owners and admins)",
  description:
    "Deletes the contact and its memberships; its consent entries stay as tombstones (what, how and when) " +
    "with an `erased` entry; its address is removed from message events, messages and stored answers " +
    "(replaced by `erased@invalid`) and from the suppression list. With `?suppress=true` the address is " +
    "kept on the suppression list instead so it is never mailed again: that entry keeps the address.",
  security: callerSecurity,
  request: {
    params: contactParams,
    query: z.object({
      suppress: z
        .enum(["true", "false"])
        .optional()
        .openapi({ description: "Keep the address suppressed (this keeps the address itself)" }),
    }),
  },
  responses: {
    200: {
      description: "Erased",
      content: {
        "application/json": {
          schema: z
            .object({
              id: z.string(),
              erasedAt: z.iso.datetime(),
              suppressed: z.boolean(),
              messages: z.number().int().describe("Messages whose copy of the address was replaced"),
              events: z.number().int().describe("Message events whose recipient was removed"),
            })
            .openapi("ContactErasure"),
        },
      },
    },
    400: problemResponse("Invalid id"),
    ...notFound,
    ...callerErrors,
  },
});

export function registerEraseContact(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const erased = await eraseContact({
      ctx: accountCtx(c),
      input: { id: c.req.valid("param").id, suppress: c.req.valid("query").suppress === "true" },
    });
    return c.json({ ...erased, erasedAt: erased.erasedAt.toISOString() }, 200);
  });
}
