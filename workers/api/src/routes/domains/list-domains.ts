import { listSenderDomains, listSenderDomainsInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { iso, senderDomainSummary } from "./schema";

const list = createRoute({
  method: "get",
  path: "/v1/domains",
  operationId: "listSenderDomains",
  tags: ["domains"],
  summary: "The account's sender domains, newest first",
  security: callerSecurity,
  request: { query: listSenderDomainsInput },
  responses: {
    200: {
      description: "A page of sender domains",
      content: {
        "application/json": {
          schema: z.object({ items: z.array(senderDomainSummary), nextCursor: z.string().nullable() }),
        },
      },
    },
    400: problemResponse("Invalid query"),
    ...callerErrors,
  },
});

export function registerListDomains(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const page = await listSenderDomains({ ctx: accountCtx(c), input: c.req.valid("query") });
    const items = page.items.map((d) => ({
      ...d,
      lastCheckedAt: iso(d.lastCheckedAt),
      verifiedAt: iso(d.verifiedAt),
      createdAt: d.createdAt.toISOString(),
    }));
    return c.json({ items, nextCursor: page.nextCursor }, 200);
  });
}
