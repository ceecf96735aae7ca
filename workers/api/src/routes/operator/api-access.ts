import { apiAccessInput, apiKeyId, setApiAccess } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { requestCtx } from "../../request-ctx";
import { problemResponse } from "../problem-schema";
import { operatorSecurity } from "../security";

const result = z.object({ id: z.string(), access: z.enum(["standard", "restricted", "blocked"]) });
const body = {
  required: true,
  content: {
    "application/json": {
      schema: apiAccessInput,
      example: { access: "restricted", reason: "Thousands of requests a minute since 09:00" },
    },
  },
};
const responses = {
  200: { description: "The new access", content: { "application/json": { schema: result } } },
  400: problemResponse("Invalid fields"),
  401: problemResponse("Operator credentials required"),
  404: problemResponse("No such key or account"),
};

const forKey = createRoute({
  method: "post",
  path: "/operator/v1/api-keys/{id}/access",
  tags: ["operator"],
  summary: "Restrict (10 requests a minute), block, or restore one API key",
  security: operatorSecurity,
  request: { params: z.object({ id: apiKeyId }), body },
  responses,
});

const forAccount = createRoute({
  method: "post",
  path: "/operator/v1/accounts/{id}/api-access",
  tags: ["operator"],
  summary: "Restrict, block, or restore the API use of a whole account",
  security: operatorSecurity,
  request: {
    params: z.object({ id: z.string().regex(/^acc_[0-9a-z]{26}$/, "an account id (acc_…)") }),
    body,
  },
  responses,
});

export function registerOperatorApiAccess(app: OpenAPIHono<AppEnv>) {
  app.openapi(forKey, async (c) => {
    const ctx = { ...requestCtx(c), operator: "operator" };
    const input = { target: { apiKeyId: c.req.valid("param").id }, ...c.req.valid("json") };
    return c.json(await setApiAccess({ ctx, input }), 200);
  });
  app.openapi(forAccount, async (c) => {
    const ctx = { ...requestCtx(c), operator: "operator" };
    const input = { target: { accountId: c.req.valid("param").id }, ...c.req.valid("json") };
    return c.json(await setApiAccess({ ctx, input }), 200);
  });
}
