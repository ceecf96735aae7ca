export { parseBindings } from "./bindings";
export { healthzOnly } from "./healthz-only";
export { invalidInput, notFound, onError } from "./on-error";
export { MAX_LISTED_ERRORS, type Problem, problemResponse } from "./problem";
export { unstorableInput } from "./unstorable-input";
