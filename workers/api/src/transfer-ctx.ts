import type { AccountTransferCtx } from "@edgepost/core";
import type { Context } from "hono";
import { accountCtx } from "./account-ctx";
import type { AppEnv } from "./env";

/** The verb context of the import and export routes: the caller's account, the bucket and the queue. */
export function transferCtx(c: Context<AppEnv>): AccountTransferCtx & { linkBase: string } {
  return {
    ...accountCtx(c),
    files: c.env.FILES,
    transfers: c.env.TRANSFERS_QUEUE,
    signingSecret: c.env.SIGNING_SECRET,
    linkBase: c.env.PUBLIC_API_URL,
  };
}
