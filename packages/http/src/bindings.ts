import { log } from "@edgepost/core";
import type { z } from "zod";
import { fieldErrors, problemResponse } from "./problem";

/** Bindings already checked, by the `env` object the runtime hands every request of an isolate. */
const checked = new WeakMap<object, Map<z.ZodType, unknown>>();

/**
 * Checks a worker's bindings at the start of a handler. A misconfigured deploy answers 500 with
 * the wrong bindings named (their values never leave the worker) instead of failing halfway. The
 * same `env` object is checked once: bindings do not change within an isolate.
 */
export function parseBindings<S extends z.ZodType>(
  schema: S,
  env: unknown,
): { ok: true; env: z.output<S> } | { ok: false; response: Response } {
  const known = typeof env === "object" && env !== null ? checked.get(env) : undefined;
  if (known?.has(schema)) return { ok: true, env: known.get(schema) as z.output<S> };
  const parsed = schema.safeParse(env);
  if (parsed.success) {
    if (typeof env === "object" && env !== null) {
      checked.set(env, (known ?? new Map()).set(schema, parsed.data));
    }
    return { ok: true, env: parsed.data };
  }
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
