import { exportContact } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { callerSecurity } from "../security";
import { contactParams, notFound } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/contacts/{id}/export",
  operationId: "exportContact",
  tags: ["contacts"],
  summary: "Everything held about one contact, for its access request: lists, consent, suppression, messages",
  description: "The messages sent to its address come with their status and events, never their bodies.",
  security: callerSecurity,
  request: { params: contactParams },
  responses: {
    200: {
      description: "The contact's data, as a download",
      content: {
        "application/json": {
          schema: z
            .object({
              format: z.literal("edgepost.contact-export.v1"),
              exportedAt: z.iso.datetime(),
              contact: z.object({ id: z.string() }).passthrough(),
              lists: z.array(
                z.object({ id: z.string(), name: z.string(), status: z.string() }).passthrough(),
              ),
              consent: z.array(z.object({ id: z.string(), action: z.string() }).passthrough()),
              suppression: z.object({ id: z.string(), reason: z.string() }).passthrough().nullable(),
              messages: z.array(
                z
                  .object({
                    id: z.string(),
                    subject: z.string(),
                    status: z.string(),
                    createdAt: z.iso.datetime(),
                    events: z.array(
                      z.object({ type: z.string(), occurredAt: z.iso.datetime() }).passthrough(),
                    ),
                  })
                  .passthrough(),
              ),
            })
            .openapi("ContactExport"),
        },
      },
    },
    400: problemResponse("Invalid id"),
    ...notFound,
    ...callerErrors,
  },
});

export function registerExportContact(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const data = await exportContact({ ctx: accountCtx(c), input: c.req.valid("param") });
    const day = data.exportedAt.toISOString().slice(0, 10);
    c.header("content-disposition", `attachment; filename="edgepost-${data.contact.id}-${day}.json"`);
    c.header("cache-control", "no-store");
    return c.json(JSON.parse(JSON.stringify(data)), 200);
  });
}
