import { InvalidFields } from "../errors";

/** Bounds on the merge variables of one render. */
const VARIABLE_LIMITS = { depth: 16, values: 10_000, characters: 1_000_000 } as const;

/**
 * A fresh copy of merge variables holding plain JSON values only: strings, finite numbers,
 * booleans, null, arrays and plain objects, within {@link VARIABLE_LIMITS}. `__proto__` keys are
 * dropped, so nothing a template reads can reach a prototype; the copy also keeps the caller's
 * object out of reach of `{% increment %}`, which writes to the scope.
 */
export function plainVariables(variables: unknown): Record<string, unknown> {
  let values = 0;
  let characters = 0;
  const fail = (path: string, message: string): never => {
    throw new InvalidFields([{ path: "variables", message: path ? `${path}: ${message}` : message }]);
  };
  const copy = (value: unknown, path: string, depth: number): unknown => {
    values += 1;
    if (values > VARIABLE_LIMITS.values) fail("", `more than ${VARIABLE_LIMITS.values} values`);
    if (value === null || typeof value === "boolean") return value;
    if (typeof value === "string") {
      characters += value.length;
      if (characters > VARIABLE_LIMITS.characters) {
        fail("", `more than ${VARIABLE_LIMITS.characters} characters of text`);
      }
      return value;
    }
    if (typeof value === "number") return Number.isFinite(value) ? value : fail(path, "not a finite number");
    if (depth >= VARIABLE_LIMITS.depth)
      return fail(path, `nested deeper than ${VARIABLE_LIMITS.depth} levels`);
    if (Array.isArray(value)) return value.map((item, i) => copy(item, `${path}[${i}]`, depth + 1));
    if (typeof value === "object") {
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return fail(path, "not a plain JSON object");
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) {
        if (key === "__proto__" || item === undefined) continue;
        characters += key.length;
        out[key] = copy(item, path ? `${path}.${key}` : key, depth + 1);
      }
      return out;
    }
    return fail(path, `a ${typeof value} is not a JSON value`);
  };
  if (typeof variables !== "object" || variables === null || Array.isArray(variables)) {
    return fail("", "must be an object of names and values");
  }
  return copy(variables, "", 0) as Record<string, unknown>;
}
