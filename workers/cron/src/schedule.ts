import type { JobName } from "@edgepost/core";

/**
 * Which named jobs each Cron Trigger runs, in order. The frequent trigger also lets any job whose
 * last run spent its budget before it was done go on from where it stopped.
 */
export const SCHEDULE: Record<string, { jobs: readonly JobName[]; resumeUnfinished?: boolean }> = {
  "0 3 * * *": {
    jobs: [
      "prune-pipeline-checks",
      "prune-expired-auth",
      "remove-deleted-users",
      "purge-closed-accounts",
      "expire-statistics",
      "expire-hard-bounces",
      "expire-soft-bounces",
      "smtp-credential-inactivity",
      "account-inactivity",
      "expire-transfers",
    ],
  },
  "* * * * *": { jobs: ["start-scheduled-campaigns"] },
  "*/15 * * * *": {
    jobs: ["requeue-stranded-messages", "requeue-stranded-transfers", "requeue-stalled-campaigns"],
    resumeUnfinished: true,
  },
};
