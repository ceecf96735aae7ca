import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerCreateExport } from "./create-export";
import { registerDownloadExport } from "./download-export";
import { registerGetExport } from "./get-export";
import { registerListExports } from "./list-exports";

/** Exports under /v1/exports, and their files under /v1/downloads through signed links. */
export function registerExportRoutes(app: OpenAPIHono<AppEnv>) {
  registerListExports(app);
  registerCreateExport(app);
  registerGetExport(app);
  registerDownloadExport(app);
}
