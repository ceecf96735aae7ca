export { accounts } from "./accounts";
export { apiKeys } from "./api-keys";
export { auditLog } from "./audit-log";
export { deliveryFailures } from "./delivery-failures";
export { jobRuns } from "./job-runs";
export { pipelineChecks } from "./pipeline-checks";
export { users } from "./users";
