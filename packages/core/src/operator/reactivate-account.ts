import type { Ctx } from "../context";
import { suspendAccountInput } from "./suspend-account";
import { transition } from "./transition-account-status";

/** The operator lifts a suspension. */
export async function reactivateAccount({
  ctx,
  input,
}: {
  ctx: Ctx & { operator: string };
  input: { accountId: string };
}) {
  const { accountId } = suspendAccountInput.pick({ accountId: true }).parse(input);
  return transition(ctx, accountId, "suspended", {
    status: "active",
    suspendedAt: null,
    suspensionReason: null,
  });
}
