import { sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { log } from "../logging/log";

export interface Health {
  status: "ok" | "degraded";
  database: "ok" | "unreachable";
}

/** What every worker's `/healthz` answers: whether its database answers a query. */
export async function checkDatabase({ ctx }: { ctx: Ctx }): Promise<Health> {
  try {
    await ctx.db.run(sql`select 1`);
    return { status: "ok", database: "ok" };
  } catch (error) {
    log("error", "database unreachable", { error: String(error) });
    return { status: "degraded", database: "unreachable" };
  }
}
