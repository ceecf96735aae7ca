import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { findSegment } from "./segment-fields";

/** One segment of the caller's account, with its filter as it was given. */
export async function getSegment({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "contacts:read");
  return findSegment(ctx, input.id);
}
