import { runBatch, validateBatch } from "./batch";
import { HttpError, RequestError, toProtoError } from "./errors";
import { describeStmt, executeSequence, executeStmt, resolveSql } from "./execute";
import type {
  PipelineReqBody,
  PipelineRespBody,
  StreamRequest,
  StreamResponse,
  StreamResult,
} from "./protocol";
import type { Stream, StreamRegistry } from "./stream";

/** Rejects protocol violations before anything runs, so a bad pipeline has no partial effect. */
function validatePipeline(body: PipelineReqBody): void {
  for (const request of body.requests) {
    if (request.type !== "batch") continue;
    const error = validateBatch(request.batch);
    if (error !== null) throw new HttpError(400, error, "PROTOCOL_ERROR");
  }
}

async function handleRequest(stream: Stream, request: StreamRequest): Promise<StreamResponse> {
  if (stream.closed) throw new RequestError("The stream has been closed", "STREAM_CLOSED");
  switch (request.type) {
    case "close":
      stream.close();
      return { type: "close" };
    case "execute":
      return { type: "execute", result: await executeStmt(stream, request.stmt) };
    case "batch":
      return { type: "batch", result: await runBatch(stream, request.batch) };
    case "sequence":
      await executeSequence(stream, resolveSql(request.sql, request.sql_id, stream.sqls));
      return { type: "sequence" };
    case "describe":
      return {
        type: "describe",
        result: await describeStmt(stream, resolveSql(request.sql, request.sql_id, stream.sqls)),
      };
    case "store_sql":
      stream.storeSql(request.sql_id, request.sql);
      return { type: "store_sql" };
    case "close_sql":
      stream.sqls.delete(request.sql_id);
      return { type: "close_sql" };
    case "get_autocommit":
      return { type: "get_autocommit", is_autocommit: stream.conn.isAutocommit };
  }
}

/**
 * Executes the requests in order on the baton's stream (or a new one). Every request gets a result,
 * success or error; a failed request does not stop the ones after it.
 */
export async function handlePipeline(
  streams: StreamRegistry,
  body: PipelineReqBody,
): Promise<PipelineRespBody> {
  validatePipeline(body);
  const stream = streams.acquire(body.baton);
  const results: StreamResult[] = [];
  for (const request of body.requests) {
    try {
      results.push({ type: "ok", response: await handleRequest(stream, request) });
    } catch (error) {
      results.push({ type: "error", error: toProtoError(error) });
    }
  }
  return { baton: streams.release(stream), base_url: null, results };
}
