import { changeRoleInput, changeUserRole, userId } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";
import { errors, json, role } from "./schema";

const changeRole = createRoute({
  method: "patch",
  path: "/v1/users/{id}",
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
    ...errors,
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
