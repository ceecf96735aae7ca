import { PIPELINE_CHECK_STATUSES } from "@edgepost/db";
import { z } from "@hono/zod-openapi";

export const pipelineCheck = z
  .object({
    id: z.string().openapi({ example: "chk_01jd8k2m3n4p5q6r7s8t9v0wxy" }),
    status: z.enum(PIPELINE_CHECK_STATUSES),
    deliveredAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi("PipelineCheck");

export function toPipelineCheck(row: {
  id: string;
  status: (typeof PIPELINE_CHECK_STATUSES)[number];
  deliveredAt: Date | null;
  createdAt: Date;
}) {
  return {
    id: row.id,
    status: row.status,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
