import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerCountSegment } from "./count-segment";
import { registerCreateSegment } from "./create-segment";
import { registerDeleteSegment } from "./delete-segment";
import { registerGetSegment } from "./get-segment";
import { registerListSegmentContacts } from "./list-segment-contacts";
import { registerListSegments } from "./list-segments";
import { registerPreviewSegment } from "./preview-segment";
import { registerUpdateSegment } from "./update-segment";

/** Segments under /v1/segments: saved filters over contacts, their count and their contacts. */
export function registerSegmentRoutes(app: OpenAPIHono<AppEnv>) {
  registerListSegments(app);
  registerCreateSegment(app);
  registerPreviewSegment(app);
  registerGetSegment(app);
  registerUpdateSegment(app);
  registerDeleteSegment(app);
  registerCountSegment(app);
  registerListSegmentContacts(app);
}
