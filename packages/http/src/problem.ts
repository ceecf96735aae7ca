import { z } from "@hono/zod-openapi";
import type { ZodError } from "zod";

/**
 * The most entries a problem's `errors` lists: a request with a million faults (a header repeating
 * one name, a body of unknown keys) answers with the first ones and their count, not all of them.
 */
export const MAX_LISTED_ERRORS = 100;

const fieldError = z.object({ path: z.string(), message: z.string() });

/**
 * The one error shape every worker answers with (RFC 9457 `application/problem+json`), as the API
 * documents it: the `Problem` schema of the OpenAPI document, and the {@link Problem} type.
 */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    requestId: z.string(),
    errors: z
      .array(fieldError)
      .max(MAX_LISTED_ERRORS)
      .optional()
      .describe(
        `The problems found, each naming its field: the first ${MAX_LISTED_ERRORS} when there are more`,
      ),
    totalErrors: z
      .number()
      .int()
      .optional()
      .describe("How many problems were found in all; with `errors`, and above its length when it was cut"),
    shortfall: z
      .number()
      .int()
      .optional()
      .describe("For `insufficient_credits`: how many more credits the wallet needs"),
  })
  .openapi("Problem");

export type FieldError = z.infer<typeof fieldError>;
export type Problem = z.infer<typeof problemSchema>;

/** The problems to list, at most {@link MAX_LISTED_ERRORS}, and how many there were. */
interface ErrorList {
  errors: FieldError[];
  totalErrors: number;
}

/** The problem as its response: `errors` cut to the first {@link MAX_LISTED_ERRORS}, `totalErrors` counting all. */
export function problemResponse(problem: Omit<Problem, "type">, headers?: HeadersInit): Response {
  const { errors, totalErrors, ...rest } = problem;
  const body: Problem = {
    type: `https://edgepost.dev/errors/${problem.code}`,
    ...rest,
    ...(errors
      ? { errors: errors.slice(0, MAX_LISTED_ERRORS), totalErrors: Math.max(totalErrors ?? 0, errors.length) }
      : {}),
  };
  const all = new Headers(headers);
  all.set("content-type", "application/problem+json");
  return new Response(JSON.stringify(body), { status: problem.status, headers: all });
}

/**
 * One entry per offending field; an unknown key is named by itself (even the empty key, as `""`).
 * Only the first {@link MAX_LISTED_ERRORS} are made: the rest are counted.
 */
export function fieldErrorList(error: ZodError): ErrorList {
  const errors: FieldError[] = [];
  let totalErrors = 0;
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys.slice(0, MAX_LISTED_ERRORS - errors.length)) {
        errors.push({
          path: [...issue.path, key === "" ? '""' : key].join("."),
          message: "is not a known field",
        });
      }
      totalErrors += issue.keys.length;
    } else {
      if (errors.length < MAX_LISTED_ERRORS)
        errors.push({ path: issue.path.join("."), message: issue.message });
      totalErrors += 1;
    }
  }
  return { errors, totalErrors };
}

/** The first {@link MAX_LISTED_ERRORS} field errors of a zod error. */
export function fieldErrors(error: ZodError): FieldError[] {
  return fieldErrorList(error).errors;
}
