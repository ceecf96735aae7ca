import type { Ctx, DeliveryQueue } from "../context";
import type { FileStore, TransferQueue } from "../transfers/file-store";

/** What every job runs with: the database, the queues, and the bucket of imported and exported files. */
export type JobCtx = Ctx & { delivery: DeliveryQueue; files: FileStore; transfers: TransferQueue };

/** How much one run may do before it stops and leaves the rest to the next one. */
export interface JobBudget {
  /** Rows it may look at. */
  rows: number;
  /** When it must stop (epoch ms), well inside a Cron Trigger's limits. */
  deadline: number;
}

export interface JobInput {
  /** Where the previous run stopped if it was cut short, else null: start from the beginning. */
  cursor: string | null;
  budget: JobBudget;
}

/** What a run did: recorded in `job_runs`. */
export interface JobResult {
  examined: number;
  changed: number;
  /** Where to go on from, when not done. */
  cursor: string | null;
  done: boolean;
  detail?: Record<string, unknown>;
}

export type Job = (args: { ctx: JobCtx; input: JobInput }) => Promise<JobResult>;

/** Rows per statement: each delete or update is a short write, so API writes never wait long. */
export const CHUNK = 500;

export const outOfBudget = (ctx: Ctx, budget: JobBudget, examined: number): boolean =>
  examined >= budget.rows || ctx.now().getTime() >= budget.deadline;
