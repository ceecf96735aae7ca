import { toProtoError } from "./errors";
import { type ExecTarget, executeStmt } from "./execute";
import type { BatchCond, BatchResult, ProtoBatch } from "./protocol";

type Outcome = "ok" | "error" | "skipped";

const MAX_COND_DEPTH = 1000;

function condError(cond: BatchCond, stepIndex: number, depth: number): string | null {
  if (depth > MAX_COND_DEPTH) return "batch condition is nested too deeply";
  switch (cond.type) {
    case "ok":
    case "error":
      return cond.step < stepIndex
        ? null
        : `condition of step ${stepIndex} refers to step ${cond.step}, which does not run before it`;
    case "not":
      return condError(cond.cond, stepIndex, depth + 1);
    case "and":
    case "or":
      for (const inner of cond.conds) {
        const error = condError(inner, stepIndex, depth + 1);
        if (error !== null) return error;
      }
      return null;
    case "is_autocommit":
      return null;
  }
}

/** A protocol violation in a batch (a condition on a step that is not earlier), or null if it is valid. */
export function validateBatch(batch: ProtoBatch): string | null {
  for (const [index, step] of batch.steps.entries()) {
    if (step.condition == null) continue;
    const error = condError(step.condition, index, 0);
    if (error !== null) return error;
  }
  return null;
}

function evaluate(cond: BatchCond, outcomes: Outcome[], target: ExecTarget): boolean {
  switch (cond.type) {
    case "ok":
      return outcomes[cond.step] === "ok";
    case "error":
      return outcomes[cond.step] === "error";
    case "not":
      return !evaluate(cond.cond, outcomes, target);
    case "and":
      return cond.conds.every((inner) => evaluate(inner, outcomes, target));
    case "or":
      return cond.conds.some((inner) => evaluate(inner, outcomes, target));
    case "is_autocommit":
      return target.conn.isAutocommit;
  }
}

/**
 * Runs the steps in order. A step whose condition is false is skipped (null result and null error);
 * a failing step records its error and the batch goes on, as the spec requires.
 */
export async function runBatch(target: ExecTarget, batch: ProtoBatch): Promise<BatchResult> {
  const outcomes: Outcome[] = [];
  const result: BatchResult = { step_results: [], step_errors: [] };
  for (const step of batch.steps) {
    if (step.condition != null && !evaluate(step.condition, outcomes, target)) {
      outcomes.push("skipped");
      result.step_results.push(null);
      result.step_errors.push(null);
      continue;
    }
    try {
      result.step_results.push(await executeStmt(target, step.stmt));
      result.step_errors.push(null);
      outcomes.push("ok");
    } catch (error) {
      result.step_results.push(null);
      result.step_errors.push(toProtoError(error));
      outcomes.push("error");
    }
  }
  return result;
}
