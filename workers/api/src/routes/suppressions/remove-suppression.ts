import { removeSuppression, suppressionId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";
import { errors } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/v1/suppressions/{id}",
  tags: ["suppressions"],
  summary: "Let an address be mailed again",
  security: callerSecurity,
  request: { params: z.object({ id: suppressionId }) },
  responses: {
    204: { description: "Removed" },
    ...errors,
    404: problemResponse("No such entry in this account"),
  },
});

export function registerRemoveSuppression(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await removeSuppression({ ctx: accountCtx(c), input: c.req.valid("param") });
    return c.body(null, 204);
  });
}
