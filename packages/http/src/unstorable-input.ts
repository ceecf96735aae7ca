import { unstorableText } from "@edgepost/core";
import { ZodError, type z } from "zod";

/** A place in the input, linked to its parent: the path is spelled out only for a place at fault. */
interface Place {
  value: unknown;
  key?: string | number;
  parent?: Place;
  /** Why its own field name cannot be stored, if it cannot. */
  badName?: string;
}

function pathOf(place: Place): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Place | undefined = place; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

/** A field name as the error names it: what it cannot keep written as `\u0000`, visibly. */
const shownKey = (key: string) => JSON.stringify(key).slice(1, -1);

/**
 * Every place in a parsed input (a JSON body, a query, path parameters) where text the database
 * cannot keep appears, in a value or in a field's own name, as zod issues: they leave as the same
 * field errors as the schema's (`lists.0.name`). Walks without recursion, so no nesting is too deep.
 */
export function unstorableInput(input: unknown): ZodError | undefined {
  const issues: z.core.$ZodIssue[] = [];
  const stack: Place[] = [{ value: input }];
  for (let place = stack.pop(); place !== undefined; place = stack.pop()) {
    const { value, badName } = place;
    if (badName) {
      issues.push({ code: "custom", path: pathOf(place), message: `is a field name that ${badName}` });
    }
    if (typeof value === "string") {
      const why = unstorableText(value);
      if (why) issues.push({ code: "custom", path: pathOf(place), message: why, input: value });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: place });
    } else if (value !== null && typeof value === "object") {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] ?? ["", undefined];
        const badName = unstorableText(key);
        stack.push({ value: child, key: badName ? shownKey(key) : key, parent: place, badName });
      }
    }
  }
  return issues.length > 0 ? new ZodError(issues) : undefined;
}
