import { checkDatabase, createCtx } from "@edgepost/core";
import type { z } from "zod";
import { parseBindings } from "./bindings";

/**
 * The `fetch` of a worker that serves no HTTP in production (queue consumers, cron): `/healthz`
 * reports whether its database answers; everything else is 404.
 */
export function healthzOnly<
  S extends z.ZodType<{ LIBSQL_URL: string; LIBSQL_AUTH_TOKEN?: string | undefined }>,
>(schema: S) {
  return async (request: Request, env: unknown, execution: { waitUntil(work: Promise<unknown>): void }) => {
    const bindings = parseBindings(schema, env);
    if (!bindings.ok) return bindings.response;
    if (new URL(request.url).pathname !== "/healthz") return new Response("Not found", { status: 404 });
    const health = await checkDatabase({ ctx: createCtx(bindings.env, execution) });
    return Response.json(health, { status: health.status === "ok" ? 200 : 503 });
  };
}
