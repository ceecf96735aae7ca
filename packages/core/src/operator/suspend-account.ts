import { z } from "zod";
import type { Ctx } from "../context";
import { transition } from "./transition-account-status";

export const suspendAccountInput = z.object({
  accountId: z.string().startsWith("acc_"),
  /** Suspension is allowed with or without cause (SPEC §A); a reason is recorded when given. */
  reason: z.string().trim().max(1000).optional(),
});

/** The operator suspends an active account: sending and API writes stop, reads go on. */
export async function suspendAccount({
  ctx,
  input,
}: {
  ctx: Ctx & { operator: string };
  input: z.input<typeof suspendAccountInput>;
}) {
  const data = suspendAccountInput.parse(input);
  const now = ctx.now();
  return transition(ctx, data.accountId, "active", {
    status: "suspended",
    suspendedAt: now,
    suspensionReason: data.reason ?? null,
  });
}
