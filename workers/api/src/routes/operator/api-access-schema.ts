import { apiAccessInput } from "@edgepost/core";
import { z } from "@hono/zod-openapi";
import { problemResponse } from "../problem-schema";

const result = z.object({ id: z.string(), access: z.enum(["standard", "restricted", "blocked"]) });
export const body = {
  required: true,
  content: {
    "application/json": {
      schema: apiAccessInput,
      example: { access: "restricted", reason: "Thousands of requests a minute since 09:00" },
    },
  },
};
export const responses = {
  200: { description: "The new access", content: { "application/json": { schema: result } } },
  400: problemResponse("Invalid fields"),
  401: problemResponse("Operator credentials required"),
  404: problemResponse("No such key or account"),
};
