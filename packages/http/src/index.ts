export { parseBindings } from "./bindings";
export { healthzOnly } from "./healthz-only";
export { invalidInput, notFound, onError } from "./on-error";
export { type Problem, problemResponse } from "./problem";
