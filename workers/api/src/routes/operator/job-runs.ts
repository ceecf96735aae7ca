import { JOB_NAMES, type JobName, listJobRuns, listJobRunsInput, runJob } from "@edgepost/core";
import { JOB_RUN_STATUSES } from "@edgepost/db";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requestCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { operatorErrors, problemResponse } from "../errors";
import { operatorSecurity } from "../security";

const run = z
  .object({
    id: z.string(),
    job: z.string(),
    cron: z.string(),
    status: z.enum(JOB_RUN_STATUSES),
    examined: z.number().int(),
    changed: z.number().int(),
    cursor: z.string().nullable(),
    done: z.boolean(),
    error: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()).nullable(),
    startedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .openapi("JobRun");

const list = createRoute({
  method: "get",
  path: "/operator/v1/job-runs",
  operationId: "listJobRuns",
  tags: ["operator"],
  summary: "What the scheduled jobs did, newest run first",
  security: operatorSecurity,
  request: { query: listJobRunsInput },
  responses: {
    200: {
      description: "A page of runs",
      content: {
        "application/json": { schema: z.object({ items: z.array(run), nextCursor: z.string().nullable() }) },
      },
    },
    400: problemResponse("Invalid query"),
    ...operatorErrors,
  },
});

const start = createRoute({
  method: "post",
  path: "/operator/v1/jobs/{job}/run",
  operationId: "runJob",
  tags: ["operator"],
  summary: "Run a job now (recorded like a scheduled run; skipped if one is in progress)",
  security: operatorSecurity,
  request: { params: z.object({ job: z.enum(JOB_NAMES as [JobName, ...JobName[]]) }) },
  responses: {
    200: {
      description: "The run",
      content: {
        "application/json": {
          schema: z
            .object({ id: z.string(), status: z.string(), done: z.boolean().optional() })
            .passthrough(),
        },
      },
    },
    400: problemResponse("No such job"),
    ...operatorErrors,
  },
});

type Row = Awaited<ReturnType<typeof listJobRuns>>["items"][number];
const json = (row: Row) => ({
  ...row,
  startedAt: row.startedAt.toISOString(),
  finishedAt: row.finishedAt?.toISOString() ?? null,
});

export function registerJobRuns(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const page = await listJobRuns({ ctx: requestCtx(c), input: c.req.valid("query") });
    return c.json({ items: page.items.map(json), nextCursor: page.nextCursor }, 200);
  });
  app.openapi(start, async (c) => {
    const ctx = {
      ...requestCtx(c),
      delivery: c.env.DELIVERY_QUEUE,
      transfers: c.env.TRANSFERS_QUEUE,
      files: c.env.FILES,
    };
    const result = await runJob({ ctx, input: { job: c.req.valid("param").job, cron: "operator" } });
    const finishedAt = "finishedAt" in result ? result.finishedAt.toISOString() : null;
    return c.json({ ...result, ...(finishedAt ? { finishedAt } : {}) }, 200);
  });
}
