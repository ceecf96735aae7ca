import { problemSchema } from "@edgepost/http";

/** A documented error answer: the one problem+json shape, and what this status means here. */
export const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemSchema } },
});

/** What any operation can answer, whatever it does. */
export const unexpectedError = {
  500: problemResponse(
    "An unexpected error: nothing is promised done; quote its `requestId` when reporting it",
  ),
};

/**
 * What every public operation can answer besides its own errors: getting in is limited per client
 * IP address (and a download link's requests too).
 */
export const publicErrors = {
  429: problemResponse("Too many requests from this client address this minute: wait `Retry-After` seconds"),
  ...unexpectedError,
};

/**
 * What every `/v1` operation with a caller can answer besides its own errors: from its
 * authentication, its permission check and the caller's rate limit. A route names one of these
 * statuses again only when it answers it for a reason of its own as well.
 */
export const callerErrors = {
  401: problemResponse("Not authenticated: send an API key as `Authorization: Bearer <key>`, or sign in"),
  403: problemResponse(
    "Not allowed: the caller's role or the key's scopes lack the permission, the account is suspended " +
      "(it may read, not change), the operator has blocked its API access, or a change made with the " +
      "session cookie did not come from Edgepost's own pages",
  ),
  429: problemResponse("Too many requests this minute for the caller's tier: wait `Retry-After` seconds"),
  ...unexpectedError,
};

/** What every operator operation can answer besides its own errors. */
export const operatorErrors = {
  401: problemResponse("Operator credentials required"),
  ...unexpectedError,
};
