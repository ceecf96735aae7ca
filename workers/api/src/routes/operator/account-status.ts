import { reactivateAccount, suspendAccount } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { requestCtx } from "../../request-ctx";
import { problemResponse } from "../problem-schema";
import { operatorSecurity } from "../security";

const params = z.object({ id: z.string().regex(/^acc_[0-9a-z]{26}$/, "an account id (acc_…)") });
const result = z.object({ id: z.string(), status: z.enum(["active", "suspended"]) });
const responses = {
  200: { description: "The account's new status", content: { "application/json": { schema: result } } },
  401: problemResponse("Operator credentials required"),
  404: problemResponse("No such account"),
  409: problemResponse("The account is not in a state this applies to"),
};

const suspend = createRoute({
  method: "post",
  path: "/operator/v1/accounts/{id}/suspend",
  tags: ["operator"],
  summary: "Suspend an account: sending and API writes stop, reads stay possible",
  security: operatorSecurity,
  request: {
    params,
    body: {
      required: false,
      content: {
        "application/json": {
          schema: z.object({ reason: z.string().max(1000).optional() }),
          example: { reason: "Chargebacks under review" },
        },
      },
    },
  },
  responses,
});

const reactivate = createRoute({
  method: "post",
  path: "/operator/v1/accounts/{id}/reactivate",
  tags: ["operator"],
  summary: "Lift a suspension",
  security: operatorSecurity,
  request: { params },
  responses,
});

export function registerOperatorAccountStatus(app: OpenAPIHono<AppEnv>) {
  app.openapi(suspend, async (c) => {
    const ctx = { ...requestCtx(c), operator: "operator" };
    const body = c.req.header("content-type")?.includes("json") ? c.req.valid("json") : {};
    return c.json(await suspendAccount({ ctx, input: { accountId: c.req.valid("param").id, ...body } }), 200);
  });
  app.openapi(reactivate, async (c) => {
    const ctx = { ...requestCtx(c), operator: "operator" };
    return c.json(await reactivateAccount({ ctx, input: { accountId: c.req.valid("param").id } }), 200);
  });
}
