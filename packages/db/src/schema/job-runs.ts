import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** What each scheduled job did, each time it ran. */
export const jobRuns = sqliteTable(
  "job_runs",
  {
    id: text().primaryKey(),
    job: text().notNull(),
    cron: text().notNull(),
    status: text({ enum: ["running", "succeeded", "failed"] }).notNull(),
    detail: text({ mode: "json" }).$type<Record<string, unknown>>(),
    startedAt: integer({ mode: "timestamp_ms" }).notNull(),
    finishedAt: integer({ mode: "timestamp_ms" }),
  },
  (t) => [index("job_runs_job_started_idx").on(t.job, t.startedAt)],
);
