import { runBatch, validateBatch } from "./batch";
import { HttpError, toProtoError } from "./errors";
import type { BatchResult, CursorReqBody } from "./protocol";
import type { StreamRegistry } from "./stream";
import { stringifyJson } from "./values";

function* cursorEntries(result: BatchResult): Generator<unknown> {
  for (const [step, stmt] of result.step_results.entries()) {
    const error = result.step_errors[step];
    if (stmt != null) {
      yield { type: "step_begin", step, cols: stmt.cols };
      for (const row of stmt.rows) yield { type: "row", row };
      yield {
        type: "step_end",
        affected_row_count: stmt.affected_row_count,
        last_insert_rowid: stmt.last_insert_rowid,
      };
    } else if (error != null) {
      yield { type: "step_error", step, error };
    }
    // neither: the step was skipped, and a cursor reports nothing for it
  }
}

/**
 * `POST /v3/cursor`: runs the batch like a `batch` request and returns the result as newline-delimited
 * JSON: first `{baton, base_url}`, then the cursor entries. (The batch runs to completion before the
 * body is written; results are not streamed while the statements run.)
 */
export async function handleCursor(streams: StreamRegistry, body: CursorReqBody): Promise<string> {
  const invalid = validateBatch(body.batch);
  if (invalid !== null) throw new HttpError(400, invalid, "PROTOCOL_ERROR");
  const stream = streams.acquire(body.baton);
  const lines: string[] = [];
  let result: BatchResult | undefined;
  let failure: unknown;
  try {
    result = await runBatch(stream, body.batch);
  } catch (error) {
    failure = error;
  }
  lines.push(stringifyJson({ baton: streams.release(stream), base_url: null }));
  if (result !== undefined) {
    for (const entry of cursorEntries(result)) lines.push(stringifyJson(entry));
  } else {
    lines.push(stringifyJson({ type: "error", error: toProtoError(failure) }));
  }
  return `${lines.join("\n")}\n`;
}
