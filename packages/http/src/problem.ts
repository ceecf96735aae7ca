import type { ZodError } from "zod";

export interface FieldError {
  path: string;
  message: string;
}

/** The one error shape every worker answers with (RFC 9457 `application/problem+json`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  requestId: string;
  errors?: FieldError[];
}

export function problemResponse(problem: Omit<Problem, "type">, headers?: HeadersInit): Response {
  const body: Problem = { type: `https://edgepost.dev/errors/${problem.code}`, ...problem };
  const all = new Headers(headers);
  all.set("content-type", "application/problem+json");
  return new Response(JSON.stringify(body), { status: problem.status, headers: all });
}

/** One entry per offending field; an unknown key is named by itself (even the empty key, as `""`). */
export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({
          path: [...issue.path, key === "" ? '""' : key].join("."),
          message: "is not a known field",
        }))
      : [{ path: issue.path.join("."), message: issue.message }],
  );
}
