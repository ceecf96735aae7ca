import { assertPermission } from "../access/permissions";
import type { AccountCtx } from "../context";
import { exportView, findExport } from "./export-record";

/** One export: its status and, once written, a fresh signed link to download it. */
export async function getExport({
  ctx,
  input,
}: {
  ctx: AccountCtx & { signingSecret: string; linkBase: string };
  input: { id: string };
}) {
  assertPermission(ctx, "contacts:read");
  return exportView(ctx, await findExport(ctx, input.id));
}
