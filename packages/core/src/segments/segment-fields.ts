import { contacts, idSchema, segments } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { uniqueViolationOn } from "../constraint-failure";
import type { AccountCtx } from "../context";
import { DomainError, InvalidFields, NotFound } from "../errors";
import { compileSegmentFilter, filterProblems, loadFilterScope } from "./compile";
import type { SegmentFilter } from "./filter";

export const segmentId = idSchema("seg");
export const segmentName = z.string().trim().min(1).max(100);

/** Everything stored of a segment, as `GET /v1/segments/{id}` shows it. */
export const segmentColumns = {
  id: segments.id,
  name: segments.name,
  filter: segments.filter,
  createdAt: segments.createdAt,
  updatedAt: segments.updatedAt,
};

/** What a segment's preview shows of each contact. */
export const segmentContactColumns = {
  id: contacts.id,
  email: contacts.email,
  phone: contacts.phone,
  attributes: contacts.attributes,
  createdAt: contacts.createdAt,
  updatedAt: contacts.updatedAt,
};

/** The segment, or `not_found`: a segment of another account is not found either. */
export async function findSegment(ctx: AccountCtx, id: string) {
  const [segment] = await ctx.db
    .select(segmentColumns)
    .from(segments)
    .where(and(eq(segments.accountId, ctx.principal.accountId), eq(segments.id, segmentId.parse(id))));
  if (!segment) throw new NotFound("Segment");
  return { ...segment, filter: segment.filter as SegmentFilter };
}

/** Checks a filter against the account's fields and lists (400 naming each problem); what it compiles in. */
export async function checkedScope(ctx: AccountCtx, filter: SegmentFilter, path = "filter") {
  const scope = await loadFilterScope(ctx, ctx.principal.accountId, filter);
  const problems = filterProblems(scope, filter, path);
  if (problems.length > 0) throw new InvalidFields(problems);
  return scope;
}

/** Checks a filter as `checkedScope` does and compiles it to the condition on `contacts`. */
export async function compileForAccount(ctx: AccountCtx, filter: SegmentFilter, path = "filter") {
  return compileSegmentFilter(await checkedScope(ctx, filter, path), filter);
}

/** Whether a write failed because the account already has a segment of that name. */
export function isNameTaken(error: unknown): boolean {
  return uniqueViolationOn(error, "segments") !== undefined;
}

export const nameTaken = (name: string) =>
  new DomainError("conflict", `The account already has a segment named "${name}"`);
