import { sessions } from "@edgepost/db";
import { eq } from "drizzle-orm";
import type { Ctx } from "../context";
import { sha256Hex } from "./sha256-hex";

/** Ends a session on the server: its cookie no longer works anywhere, at once. */
export async function signOut({ ctx, input }: { ctx: Ctx; input: { token: string } }): Promise<void> {
  await ctx.db.delete(sessions).where(eq(sessions.id, await sha256Hex(input.token)));
}
