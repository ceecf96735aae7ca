import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { compileSegmentCount } from "./compile-count";
import { countMatching } from "./segment-contacts";
import { checkedScope, findSegment } from "./segment-fields";

/**
 * How many of the account's contacts are in a segment now. A saved filter naming a field or list
 * deleted since is refused (400 naming the condition) rather than guessed at.
 */
export async function countSegment({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "contacts:read");
  const segment = await findSegment(ctx, input.id);
  const scope = await checkedScope(ctx, segment.filter);
  return { id: segment.id, count: await countMatching(ctx, compileSegmentCount(scope, segment.filter)) };
}
