import { log } from "@edgepost/core";
import type { z } from "zod";
import { fieldErrors, problemResponse } from "./problem";

/**
 * The last bindings each schema accepted, and the values they were made of. The runtime may hand
 * every request a new `env` object with the same values in it; comparing the values one by one is
 * far cheaper than checking them again.
 */
const checked = new Map<z.ZodType, { values: Map<string, unknown>; data: unknown }>();

function sameValues(env: object, values: Map<string, unknown>): boolean {
  const keys = Object.keys(env);
  if (keys.length === 0 || keys.length !== values.size) return false;
  for (const key of keys) {
    if (!values.has(key) || values.get(key) !== (env as Record<string, unknown>)[key]) return false;
  }
  return true;
}

/**
 * Checks a worker's bindings at the start of a handler. A misconfigured deploy answers 500 with
 * the wrong bindings named (their values never leave the worker) instead of failing halfway.
 * Bindings with the same values as the last ones accepted are not checked again: they do not
 * change within an isolate.
 */
export function parseBindings<S extends z.ZodType>(
  schema: S,
  env: unknown,
): { ok: true; env: z.output<S> } | { ok: false; response: Response } {
  const isObject = typeof env === "object" && env !== null;
  const last = checked.get(schema);
  if (isObject && last && sameValues(env, last.values)) return { ok: true, env: last.data as z.output<S> };
  const parsed = schema.safeParse(env);
  if (parsed.success) {
    if (isObject) checked.set(schema, { values: new Map(Object.entries(env)), data: parsed.data });
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
