/** The closed set of domain failures; workers map each code to one HTTP status in one place. */
export type ErrorCode =
  | "not_found"
  | "conflict"
  | "forbidden"
  | "unauthorized"
  | "account_suspended"
  | "industry_refused"
  | "rate_limited"
  | "invalid_input"
  | "unavailable";

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** For `rate_limited`: when to try again, in seconds. */
    readonly retryAfterSeconds?: number,
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
