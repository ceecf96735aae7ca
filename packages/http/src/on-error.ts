import { DomainError, type ErrorCode, InvalidFields, log } from "@edgepost/core";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";
import { fieldErrorList, MAX_LISTED_ERRORS, problemResponse } from "./problem";

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  account_suspended: 403,
  not_found: 404,
  industry_refused: 422,
  consent_origin_refused: 422,
  unreadable_file: 422,
  payload_too_large: 413,
  length_required: 411,
  rate_limited: 429,
  conflict: 409,
  insufficient_credits: 402,
  idempotency_key_reused: 409,
  reference_reused: 409,
  unavailable: 503,
};

const TITLES: Record<ErrorCode, string> = {
  invalid_input: "Invalid input",
  unauthorized: "Not authenticated",
  forbidden: "Not allowed",
  account_suspended: "Account suspended",
  not_found: "Not found",
  industry_refused: "Industry refused",
  consent_origin_refused: "Consent origin refused",
  unreadable_file: "Unreadable file",
  payload_too_large: "Payload too large",
  length_required: "Length required",
  rate_limited: "Too many requests",
  conflict: "Conflict",
  insufficient_credits: "Insufficient credits",
  idempotency_key_reused: "Idempotency key reused",
  reference_reused: "Reference reused",
  unavailable: "Temporarily unavailable",
};

function requestId(c: Context): string {
  return (c.get("requestId") as string | undefined) ?? "unknown";
}

export function invalidInput(c: Context, error: ZodError): Response {
  return problemResponse({
    title: TITLES.invalid_input,
    status: 400,
    code: "invalid_input",
    detail: "Some fields are invalid.",
    requestId: requestId(c),
    ...fieldErrorList(error),
  });
}

export function notFound(c: Context): Response {
  return problemResponse({
    title: TITLES.not_found,
    status: 404,
    code: "not_found",
    detail: `No route for ${c.req.method} ${c.req.path}`,
    requestId: requestId(c),
  });
}

/** Invalid fields are named in the detail too, unless there are more than `errors` lists. */
function detailOf(error: DomainError): string {
  const total = error.fields?.length ?? 0;
  return error instanceof InvalidFields && total > MAX_LISTED_ERRORS
    ? `${total} problems were found; errors lists the first ${MAX_LISTED_ERRORS}.`
    : error.message;
}

/** The single `onError` of every Hono worker: domain errors keep their code; only 5xx are logged. */
export function onError(error: Error, c: Context): Response {
  if (error instanceof DomainError) {
    const retryAfter = error.retryAfterSeconds;
    return problemResponse(
      {
        title: TITLES[error.code],
        status: STATUS[error.code],
        code: error.code,
        detail: detailOf(error),
        requestId: requestId(c),
        ...(error.fields ? { errors: error.fields } : {}),
        ...(error.shortfall === undefined ? {} : { shortfall: error.shortfall }),
      },
      retryAfter === undefined ? undefined : { "retry-after": String(Math.ceil(retryAfter)) },
    );
  }
  if (error instanceof ZodError) return invalidInput(c, error);
  if (error instanceof HTTPException && error.status < 500) {
    return problemResponse({
      title: "Bad request",
      status: error.status,
      code: "bad_request",
      detail: error.message,
      requestId: requestId(c),
    });
  }
  log("error", "request failed", { requestId: requestId(c), error: String(error.stack ?? error) });
  return problemResponse({
    title: "Internal error",
    status: 500,
    code: "internal",
    detail: "Something went wrong on our side.",
    requestId: requestId(c),
  });
}
