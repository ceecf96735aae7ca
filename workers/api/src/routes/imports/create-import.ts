import { createImport, createImportInput } from "@edgepost/core";
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { contactImport, importJson } from "./schema";

const route = createRoute({
  method: "post",
  path: "/v1/imports",
  operationId: "createImport",
  tags: ["imports"],
  summary: "Start an import of contacts from a CSV, XLSX or XLS file",
  description:
    "Declares the file's format, how its columns map to contacts (by default, by their names), what " +
    "to do with contacts the account has already, and — mandatory — where the contacts consented. " +
    "Purchased, rented and third-party lists are refused (422). Then upload the file with " +
    "`PUT /v1/imports/{id}/file` and follow `GET /v1/imports/{id}`.",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: createImportInput,
          example: {
            format: "csv",
            fileName: "customers.csv",
            columns: { "E-mail": "email", Mobile: "phone", "First name": "attributes.first_name" },
            listId: "lst_01jf3m8q2v7k9x4c6b8n0p2r4t",
            onExisting: "update",
            consent: {
              origin: "signup_form",
              description: "Newsletter box on the checkout page of shop.example, 2024–2026",
              text: "Yes, send me the monthly newsletter. I can unsubscribe at any time.",
            },
          },
        },
      },
    },
  },
  responses: {
    201: {
      description: "Created: upload the file next",
      content: { "application/json": { schema: contactImport } },
    },
    400: problemResponse("Invalid fields, a mapping to a field the account lacks, or a list it lacks"),
    422: problemResponse("The consent origin is refused: purchased, rented or third-party lists"),
    ...callerErrors,
  },
});

export function registerCreateImport(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const created = await createImport({ ctx: accountCtx(c), input: c.req.valid("json") });
    return c.json(importJson(created), 201);
  });
}
