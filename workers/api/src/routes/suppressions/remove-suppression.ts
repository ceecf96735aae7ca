import { removeSuppression, suppressionId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";

const route = createRoute({
  method: "delete",
  path: "/v1/suppressions/{id}",
  operationId: "removeSuppression",
  tags: ["suppressions"],
  summary: "Let an address be mailed again",
  security: callerSecurity,
  request: { params: z.object({ id: suppressionId }) },
  responses: {
    204: { description: "Removed" },
    ...callerErrors,
    404: problemResponse("No such entry in this account"),
  },
});

export function registerRemoveSuppression(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await removeSuppression({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.body(null, 204);
  });
}
