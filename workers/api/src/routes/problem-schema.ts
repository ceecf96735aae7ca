import { MAX_LISTED_ERRORS } from "@edgepost/http";
import { z } from "@hono/zod-openapi";

const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string(),
    requestId: z.string(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .max(MAX_LISTED_ERRORS)
      .optional()
      .describe(
        `The problems found, each naming its field: the first ${MAX_LISTED_ERRORS} when there are more`,
      ),
    totalErrors: z
      .number()
      .int()
      .optional()
      .describe("How many problems were found in all; with `errors`, and above its length when it was cut"),
  })
  .openapi("Problem");

export const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: problemSchema } },
});
