import { downloadExport } from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { requestCtx } from "../../contexts";
import type { AppEnv } from "../../env";
import { problemResponse, publicErrors } from "../errors";
import { publicSecurity } from "../security";

const route = createRoute({
  method: "get",
  path: "/downloads/{token}",
  operationId: "downloadExport",
  tags: ["exports"],
  summary: "Download an export's file through its signed link (no other credential)",
  security: publicSecurity,
  request: { params: z.object({ token: z.string().max(4096) }) },
  responses: {
    200: {
      description: "The file",
      content: {
        "text/csv": { schema: z.string() },
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
          schema: z.string().openapi({ format: "binary" }),
        },
      },
    },
    403: problemResponse("The link is not valid, it has expired, or its account is closed or suspended"),
    404: problemResponse("The export's file is gone (expired)"),
    ...publicErrors,
  },
});

export function registerDownloadExport(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const file = await downloadExport({
      ctx: { ...requestCtx(c), files: c.env.FILES, signingSecret: c.env.SIGNING_SECRET },
      input: c.req.valid("param"),
    });
    return c.body(file.body, 200, {
      "content-type": file.contentType,
      "content-length": String(file.size),
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "cache-control": "private, no-store",
      "referrer-policy": "no-referrer",
    });
  });
}
