import { ACCOUNT_STATUSES, idSchema } from "@edgepost/db";
import { z } from "@hono/zod-openapi";
import { operatorErrors, problemResponse } from "../errors";

export const params = z.object({ id: idSchema("acc") });
const result = z.object({
  id: z.string(),
  status: z.enum(ACCOUNT_STATUSES).extract(["active", "suspended"]),
});
export const responses = {
  200: { description: "The account's new status", content: { "application/json": { schema: result } } },
  404: problemResponse("No such account"),
  409: problemResponse("The account is not in a state this applies to"),
  ...operatorErrors,
};
