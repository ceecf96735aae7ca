import { apiAccessInput } from "@edgepost/core";
import { API_ACCESS_LEVELS } from "@edgepost/db";
import { z } from "@hono/zod-openapi";
import { operatorErrors, problemResponse } from "../errors";

const result = z.object({ id: z.string(), access: z.enum(API_ACCESS_LEVELS) });
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
  404: problemResponse("No such key or account"),
  ...operatorErrors,
};
