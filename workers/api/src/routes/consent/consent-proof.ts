import { getConsentProof } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { callerErrors, problemResponse } from "../errors";
import { page } from "../page";
import { callerSecurity } from "../security";
import { proofPage } from "./proof-page";
import { asJson, consentProof, contactParams, notFound } from "./schema";

const route = createRoute({
  method: "get",
  path: "/v1/contacts/{id}/consent-proof",
  operationId: "getConsentProof",
  tags: ["contacts"],
  summary: "Proof of one contact's consent: its lists and every ledger entry, as JSON or a printable page",
  description:
    "What a complaint case asks for within 48 hours. JSON by default; a printable HTML page with " +
    "`Accept: text/html` or `?format=html`. An erased contact's proof shows its tombstones and when it was erased.",
  security: callerSecurity,
  request: {
    params: contactParams,
    query: z.object({ format: z.enum(["json", "html"]).optional() }),
  },
  responses: {
    200: {
      description: "The proof",
      content: {
        "application/json": { schema: consentProof },
        "text/html": { schema: z.string() },
      },
    },
    400: problemResponse("Invalid id or format"),
    ...notFound,
    ...callerErrors,
  },
});

/** HTML when asked for by `?format=html`, or by an `Accept` that names text/html before JSON. */
function wantsHtml(format: string | undefined, accept: string | undefined) {
  if (format) return format === "html";
  if (!accept) return false;
  const html = accept.indexOf("text/html");
  const json = accept.indexOf("application/json");
  return html !== -1 && (json === -1 || html < json);
}

export function registerConsentProof(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const proof = await getConsentProof({ ctx: accountCtx(c), input: c.req.valid("param") });
    c.header("cache-control", "no-store");
    c.header("vary", "accept");
    if (wantsHtml(c.req.valid("query").format, c.req.header("accept"))) {
      return page(c, proofPage(proof));
    }
    return c.json(asJson(proof), 200);
  });
}
