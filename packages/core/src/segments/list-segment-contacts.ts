import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { pageInput } from "../pagination/keyset";
import { pageMatching } from "./segment-contacts";
import { compileForAccount, findSegment } from "./segment-fields";

export const listSegmentContactsInput = z.object({
  ...pageInput("con", { max: 100, byDefault: 50 }),
});

/** The contacts in a segment now, newest first, a page at a time. */
export async function listSegmentContacts({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: { id: string } & z.input<typeof listSegmentContactsInput>;
}) {
  assertPermission(ctx, "contacts:read");
  const { id, ...paging } = input;
  const { limit, cursor } = listSegmentContactsInput.parse(paging);
  const segment = await findSegment(ctx, id);
  const where = await compileForAccount(ctx, segment.filter);
  return pageMatching(ctx, where, limit, cursor);
}
