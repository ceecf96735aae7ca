export { queueBinding, r2BucketBinding, rateLimitBinding, secret } from "./binding-schemas";
export { parseBindings } from "./bindings";
export { healthzOnly } from "./healthz-only";
export { invalidInput, notFound, onError } from "./on-error";
export { MAX_LISTED_ERRORS, type Problem, problemResponse, problemSchema } from "./problem";
export { unstorableInput } from "./unstorable-input";
