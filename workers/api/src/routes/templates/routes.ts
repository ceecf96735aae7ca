import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerCreateTemplate } from "./create-template";
import { registerDeleteTemplate } from "./delete-template";
import { registerGetTemplate } from "./get-template";
import { registerListTemplates } from "./list-templates";
import { registerRenderTemplate } from "./render-template";
import { registerUpdateTemplate } from "./update-template";

/** Email templates under /v1/templates: store, list, read, change, delete, and preview a render. */
export function registerTemplateRoutes(app: OpenAPIHono<AppEnv>) {
  registerListTemplates(app);
  registerCreateTemplate(app);
  registerGetTemplate(app);
  registerUpdateTemplate(app);
  registerDeleteTemplate(app);
  registerRenderTemplate(app);
}
