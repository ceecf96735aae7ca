export { parseBindings } from "./bindings";
export { invalidInput, notFound, onError } from "./on-error";
export { type Problem, problemResponse } from "./problem";
