import { log } from "@edgepost/core";
import type { z } from "zod";
import { fieldErrors, problemResponse } from "./problem";

/**
 * Checks a worker's bindings at the start of a handler. A misconfigured deploy answers 500 with
 * the wrong bindings named (their values never leave the worker) instead of failing halfway.
 */
export function parseBindings<S extends z.ZodType>(
  schema: S,
  env: unknown,
): { ok: true; env: z.output<S> } | { ok: false; response: Response } {
  const parsed = schema.safeParse(env);
  if (parsed.success) return { ok: true, env: parsed.data };
  const errors = fieldErrors(parsed.error).map(({ path, message }) => ({ path, message }));
  log("error", "invalid worker configuration", { errors });
  return {
    ok: false,
    response: problemResponse({
      title: "Worker misconfigured",
      status: 500,
      code: "misconfigured",
      detail: "This worker's bindings are missing or invalid.",
      requestId: crypto.randomUUID(),
      errors,
    }),
  };
}
