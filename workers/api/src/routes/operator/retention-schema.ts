import { periodText, retentionRule } from "@edgepost/core";
import { z } from "@hono/zod-openapi";
import { problemResponse } from "../problem-schema";

export const ruleParam = z.object({ rule: retentionRule });
export const accountRuleParam = z.object({
  id: z.string().regex(/^acc_[0-9a-z]{26}$/, "an account id (acc_…)"),
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
export const operatorErrors = {
  400: problemResponse("Invalid fields, or a period longer than the terms allow"),
  401: problemResponse("Operator credentials required"),
};
export const setting = z
  .object({ rule: z.string(), period: z.string(), updatedAt: z.iso.datetime() })
  .openapi("RetentionSetting");
