/**
 * The document tells every client what any operation can answer besides its own errors, and names
 * each operation once: checked on every operation of the document, those added later too.
 */
import { describe, expect, it } from "vitest";
import { loadDocument, needsCaller, type Operation, operationsOf } from "./operations";

const operations = operationsOf(await loadDocument());

/** The statuses an operation can answer whatever it does: from its credential check and its rate limit. */
function sharedStatuses(op: Operation): string[] {
  if (op.path.startsWith("/operator/")) return ["401", "500"];
  if (needsCaller(op)) return ["401", "403", "429", "500"];
  if (op.path === "/healthz") return ["500"];
  return ["429", "500"];
}

describe("GET /v1/openapi.json", () => {
  it.each(operations.map((op) => [op.name, op] as const))(
    "%s documents the errors every operation like it can give",
    (_, op) => {
      expect(Object.keys(op.spec.responses ?? {})).toEqual(expect.arrayContaining(sharedStatuses(op)));
    },
  );

  it("names every operation, each with its own camelCase operationId", () => {
    const ids = operations.map((op) => op.spec.operationId);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z]+$/);
    expect(new Set(ids).size).toBe(operations.length);
  });
});
