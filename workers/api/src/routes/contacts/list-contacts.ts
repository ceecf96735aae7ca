import { listContacts, listContactsInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { contact, json, page } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/contacts",
  operationId: "listContacts",
  tags: ["contacts"],
  summary: "The account's contacts, newest first; `q` matches the start of an email or E.164 number",
  security: callerSecurity,
  request: { query: listContactsInput },
  responses: {
    200: { description: "A page, newest first", content: { "application/json": { schema: page(contact) } } },
    400: problemResponse("Invalid query"),
    ...callerErrors,
  },
});

export function registerListContacts(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const found = await listContacts({ ctx: accountCtx(c), input: c.req.valid("query") });
    return c.json({ items: found.items.map(json), nextCursor: found.nextCursor }, 200);
  });
}
