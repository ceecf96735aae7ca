import { idSchema } from "@edgepost/db";
import { z } from "@hono/zod-openapi";
import { problemResponse } from "../problem-schema";

export const params = z.object({ id: idSchema("acc") });
const result = z.object({ id: z.string(), status: z.enum(["active", "suspended"]) });
export const responses = {
  200: { description: "The account's new status", content: { "application/json": { schema: result } } },
  401: problemResponse("Operator credentials required"),
  404: problemResponse("No such account"),
  409: problemResponse("The account is not in a state this applies to"),
};
