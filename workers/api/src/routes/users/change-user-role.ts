import { changeRoleInput, changeUserRole, userId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { json, notFound, role } from "./schema";

const changeRole = createRoute({
  method: "patch",
  path: "/v1/users/{id}",
  operationId: "changeUserRole",
  tags: ["users"],
  summary: "Change a user's role",
  security: callerSecurity,
  request: {
    params: z.object({ id: userId }),
    body: {
      required: true,
      content: { "application/json": { schema: changeRoleInput, example: { role: "viewer" } } },
    },
  },
  responses: {
    200: json(z.object({ id: z.string(), role }), "Changed"),
    400: problemResponse("Invalid fields"),
    ...notFound,
    ...callerErrors,
  },
});

export function registerChangeUserRole(app: OpenAPIHono<AppEnv>) {
  app.openapi(changeRole, async (c) =>
    c.json(
      await changeUserRole({
        ctx: accountCtx(c),
        input: { ...c.req.valid("param"), ...c.req.valid("json") },
      }),
      200,
    ),
  );
}
