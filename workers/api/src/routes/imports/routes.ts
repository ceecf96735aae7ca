import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerCreateImport } from "./create-import";
import { registerGetImport } from "./get-import";
import { registerImportErrors } from "./import-errors";
import { registerListImports } from "./list-imports";
import { registerUploadImportFile } from "./upload-import-file";

/** Imports under /v1/imports: declared, uploaded, then read in chunks by the transfers worker. */
export function registerImportRoutes(app: OpenAPIHono<AppEnv>) {
  registerListImports(app);
  registerCreateImport(app);
  registerUploadImportFile(app);
  registerGetImport(app);
  registerImportErrors(app);
}
