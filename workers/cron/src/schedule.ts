import type { JobName } from "@edgepost/core";

/** Which named jobs each Cron Trigger runs, in order. */
export const SCHEDULE: Record<string, readonly JobName[]> = {
  "0 3 * * *": ["prune-pipeline-checks"],
  "*/15 * * * *": ["requeue-stranded-messages"],
};
