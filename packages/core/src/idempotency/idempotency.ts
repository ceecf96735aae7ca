import { idempotencyKeys } from "@edgepost/db";
import { and, eq, gt, lte } from "drizzle-orm";
import { sha256Hex } from "../auth/sha256-hex";
import { uniqueViolationOn } from "../constraint-failure";
import type { Ctx } from "../context";
import { DomainError } from "../errors";

/** How long a key answers with its first response (at least the promised 24 hours). */
const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** JSON with object keys sorted, so the same body written differently hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export interface IdempotentRequest {
  accountId: string;
  key: string;
  operation: string;
  requestHash: string;
}

export async function idempotentRequest(
  accountId: string,
  key: string,
  operation: string,
  body: unknown,
): Promise<IdempotentRequest> {
  return { accountId, key, operation, requestHash: await sha256Hex(canonical(body)) };
}

/**
 * The first response to this key, if it has one that has not expired; the same key with another
 * body or for another operation is refused (409).
 */
export async function storedResponse(
  ctx: Ctx,
  request: IdempotentRequest,
): Promise<StoredResponse | undefined> {
  const [row] = await ctx.db
    .select()
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.accountId, request.accountId),
        eq(idempotencyKeys.key, request.key),
        gt(idempotencyKeys.expiresAt, ctx.now()),
      ),
    );
  if (!row) return undefined;
  if (row.operation !== request.operation || row.requestHash !== request.requestHash) {
    throw new DomainError(
      "idempotency_key_reused",
      "This Idempotency-Key was already used with another request body; use a new key for a new request.",
    );
  }
  return { status: row.responseStatus, body: JSON.parse(row.responseBody) };
}

/**
 * The statements storing the response, for the batch that makes what it describes: an expired row
 * of the same key goes, and a live one makes the insert, and so the whole batch, fail: a concurrent
 * request with the same key then finds the first one's response (see {@link isKeyTaken}).
 */
export function storeResponse(ctx: Ctx, request: IdempotentRequest, response: StoredResponse) {
  const now = ctx.now();
  const thisKey = and(eq(idempotencyKeys.accountId, request.accountId), eq(idempotencyKeys.key, request.key));
  return [
    ctx.db.delete(idempotencyKeys).where(and(thisKey, lte(idempotencyKeys.expiresAt, now))),
    ctx.db.insert(idempotencyKeys).values({
      ...request,
      responseStatus: response.status,
      responseBody: JSON.stringify(response.body),
      createdAt: now,
      expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
    }),
  ] as const;
}

/** Whether a failed write failed because another request stored the same key first. */
export function isKeyTaken(error: unknown): boolean {
  return uniqueViolationOn(error, "idempotency_keys") !== undefined;
}
