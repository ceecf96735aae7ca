import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const JOB_RUN_STATUSES = ["running", "succeeded", "failed", "skipped"] as const;

/** What each scheduled job did, each time it ran. */
export const jobRuns = sqliteTable(
  "job_runs",
  {
    id: text().primaryKey(),
    job: text().notNull(),
    cron: text().notNull(),
    status: text({ enum: JOB_RUN_STATUSES }).notNull(),
    detail: text({ mode: "json" }).$type<Record<string, unknown>>(),
    /** Rows the run looked at, and rows it changed (deleted, disabled, warned …). */
    examined: integer().notNull().default(0),
    changed: integer().notNull().default(0),
    /** Where a run cut short by its budget stopped; the next run of the job goes on from here. */
    cursor: text(),
    /** Whether the run got through everything due, or left the rest (from `cursor`) for the next. */
    done: integer({ mode: "boolean" }).notNull().default(true),
    error: text(),
    startedAt: integer({ mode: "timestamp_ms" }).notNull(),
    finishedAt: integer({ mode: "timestamp_ms" }),
  },
  (t) => [
    index("job_runs_job_started_idx").on(t.job, t.startedAt),
    // The lease: at most one run of a job at a time, whatever fires it.
    uniqueIndex("job_runs_one_running").on(t.job).where(sql`${t.status} = 'running'`),
  ],
);
