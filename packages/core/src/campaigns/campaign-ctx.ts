import type { AccountCtx, Ctx, Principal } from "../context";
import type { TransferQueue } from "../transfers/file-store";

/** A campaign verb of the API: the caller's account, and the queue its fan-out runs on. */
export type CampaignCtx = AccountCtx & { transfers: TransferQueue };

/** The platform acting for an account on its own (the scheduler, the fan-out): its owner's rights. */
export function platformFor(ctx: Ctx, accountId: string): AccountCtx {
  const principal: Principal = {
    accountId,
    accountStatus: "active",
    actor: "platform",
    role: "owner",
    scopes: [],
  };
  return { ...ctx, principal };
}
