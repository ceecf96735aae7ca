import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { findImport, importView } from "./import-record";

/** One import with its progress (percent of the file read) and its counts. */
export async function getImport({ ctx, input }: { ctx: AccountCtx; input: { id: string } }) {
  assertPermission(ctx, "contacts:read");
  return importView(await findImport(ctx, input.id));
}
