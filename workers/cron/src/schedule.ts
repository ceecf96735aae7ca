import type { JobName } from "@edgepost/core";

/** Which named jobs each Cron Trigger runs, in order. */
export const SCHEDULE: Record<string, readonly JobName[]> = {
  "0 3 * * *": [
    "prune-pipeline-checks",
    "prune-expired-auth",
    "remove-deleted-users",
    "purge-closed-accounts",
  ],
  "*/15 * * * *": ["requeue-stranded-messages"],
};
