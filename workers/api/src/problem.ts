import { DomainError, type ErrorCode } from "@edgepost/core";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";

const STATUS: Record<ErrorCode, 400 | 401 | 403 | 404 | 409 | 503> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  requestId: string;
  errors?: { path: string; message: string }[];
}

/** Every error leaves every worker as one `application/problem+json` shape (RFC 9457). */
export function problem(c: Context, p: Omit<Problem, "type" | "requestId">): Response {
  const body: Problem = {
    type: `https://edgepost.dev/errors/${p.code}`,
    ...p,
    requestId: c.get("requestId") ?? "unknown",
  };
  return new Response(JSON.stringify(body), {
    status: p.status,
    headers: { "content-type": "application/problem+json" },
  });
}

export function zodProblem(c: Context, error: ZodError): Response {
  return problem(c, {
    title: "Invalid input",
    status: 400,
    code: "invalid_input",
    detail: "Some fields are invalid.",
    errors: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  });
}

/** The single `onError`: maps domain errors to their status; only 5xx are logged. */
export function onError(error: Error, c: Context): Response {
  if (error instanceof DomainError) {
    return problem(c, {
      title: error.code,
      status: STATUS[error.code],
      code: error.code,
      detail: error.message,
    });
  }
  if (error instanceof ZodError) return zodProblem(c, error);
  if (error instanceof HTTPException && error.status < 500) {
    return problem(c, {
      title: "Request refused",
      status: error.status,
      code: "bad_request",
      detail: error.message,
    });
  }
  console.error(
    JSON.stringify({ level: "error", requestId: c.get("requestId"), error: String(error.stack) }),
  );
  return problem(c, {
    title: "Internal error",
    status: 500,
    code: "internal",
    detail: "Something went wrong on our side.",
  });
}
