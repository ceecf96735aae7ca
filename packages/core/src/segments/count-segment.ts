import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { countMatching } from "./segment-contacts";
import { compileForAccount, findSegment } from "./segment-fields";

/**
 * How many of the account's contacts are in a segment now. A saved filter naming a field or list
 * deleted since is refused (400 naming the condition) rather than guessed at.
 */
export async function countSegment({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "contacts:read");
  const segment = await findSegment(ctx, input.id);
  const where = await compileForAccount(ctx, segment.filter);
  return { id: segment.id, count: await countMatching(ctx, where) };
}
