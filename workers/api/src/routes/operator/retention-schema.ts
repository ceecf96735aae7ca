import { periodText, retentionRule } from "@edgepost/core";
import { idSchema } from "@edgepost/db";
import { z } from "@hono/zod-openapi";
import { problemResponse } from "../errors";

export const ruleParam = z.object({ rule: retentionRule });
export const accountRuleParam = z.object({
  id: idSchema("acc"),
  rule: retentionRule,
});
export const periodBody = {
  required: true,
  content: {
    "application/json": {
      schema: z.strictObject({ period: periodText }),
      example: { period: "P6M" },
    },
  },
};
export const invalidPeriod = {
  400: problemResponse("Invalid fields, or a period longer than the terms allow"),
};
export const setting = z
  .object({ rule: z.string(), period: z.string(), updatedAt: z.iso.datetime() })
  .openapi("RetentionSetting");
