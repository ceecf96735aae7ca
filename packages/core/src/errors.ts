/** The closed set of domain failures; workers map each code to one HTTP status in one place. */
export type ErrorCode =
  | "not_found"
  | "conflict"
  | "forbidden"
  | "unauthorized"
  | "account_suspended"
  | "industry_refused"
  | "consent_origin_refused"
  | "unreadable_file"
  | "payload_too_large"
  | "length_required"
  | "rate_limited"
  | "invalid_input"
  | "insufficient_credits"
  | "idempotency_key_reused"
  | "reference_reused"
  | "unavailable";

/** Where a problem is (`to[1]`, `attachments[0].content`) and what it is. */
export interface FieldProblem {
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For `rate_limited`: when to try again, in seconds. */
    readonly retryAfterSeconds?: number,
    /** For `invalid_input`: each offending field. */
    readonly fields?: FieldProblem[],
    /** For `insufficient_credits`: how many credits are missing. */
    readonly shortfall?: number,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export class NotFound extends DomainError {
  constructor(what: string) {
    super("not_found", `${what} not found`);
  }
}

/** Bad input found by a verb (not by the request schema): 400 naming each field. */
export class InvalidFields extends DomainError {
  constructor(fields: FieldProblem[]) {
    super("invalid_input", fields.map((f) => `${f.path}: ${f.message}`).join("; "), undefined, fields);
  }
}
