import { listSegmentContacts, listSegmentContactsInput, segmentId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { contactPage, notFound, segmentJson } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/segments/{id}/contacts",
  operationId: "listSegmentContacts",
  tags: ["segments"],
  summary: "The contacts in a segment now, newest first",
  security: callerSecurity,
  request: { params: z.object({ id: segmentId }), query: listSegmentContactsInput },
  responses: {
    200: {
      description: "A page, newest first",
      content: { "application/json": { schema: z.object(contactPage) } },
    },
    400: problemResponse(
      "Invalid query, or a saved filter naming a contact field or list that no longer exists",
    ),
    ...callerErrors,
    ...notFound,
  },
});

export function registerListSegmentContacts(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const input = { ...c.req.valid("param"), ...c.req.valid("query") };
    const page = await listSegmentContacts({ ctx: accountCtx(c), input });
    return c.json({ items: page.items.map(segmentJson), nextCursor: page.nextCursor }, 200);
  });
}
