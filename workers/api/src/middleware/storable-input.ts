import { invalidInput, unstorableInput } from "@edgepost/http";
import type { Hook } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ValidationTargets } from "hono/types";
import { ZodError } from "zod";
import type { AppEnv } from "../env";

/** The media types Hono's validator reads as JSON (its own test). */
const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i;

/**
 * What a validator read, as the client sent it: the schema's output may differ (a recipient made a
 * list, a default added, an unknown field dropped), so the paths named are the request's own. A JSON
 * body comes again from Hono's cache of its text (the validator has read it already), parsed afresh;
 * headers and cookies cannot carry the characters looked for.
 */
async function sent(target: keyof ValidationTargets, c: Context<AppEnv>): Promise<unknown> {
  switch (target) {
    case "json": {
      const media = (c.req.header("content-type") ?? "").split(";")[0]?.trim() ?? "";
      return JSON_MEDIA.test(media) ? c.req.json() : undefined;
    }
    case "query":
      return Object.fromEntries(
        Object.entries(c.req.queries()).map(([key, values]) => [
          key,
          values.length === 1 ? values[0] : values,
        ]),
      );
    case "param":
      return c.req.param();
    default:
      return undefined;
  }
}

/**
 * The hook every route's validators answer through (the app's `defaultHook`), for the JSON body, the
 * query and the path of every operation: the schema's field errors, and text the database cannot
 * keep (U+0000, half a surrogate pair) wherever it is, named by its path. Such a request is refused
 * with 400 before its route runs, so nothing of it is written, rather than stored cut short.
 */
export const checkInput: Hook<unknown, AppEnv, string, Promise<Response | undefined>> = async (result, c) => {
  const unstorable = unstorableInput(await sent(result.target, c));
  if (result.success) return unstorable ? invalidInput(c, unstorable) : undefined;
  // Fields the schema refused are named by it; the others that hold such text are named too.
  const named = new Set(result.error.issues.map((issue) => issue.path.join(".")));
  const more = unstorable?.issues.filter((issue) => !named.has(issue.path.join("."))) ?? [];
  return invalidInput(c, more.length > 0 ? new ZodError([...result.error.issues, ...more]) : result.error);
};
