import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerConsentProof } from "./consent-proof";
import { registerEraseContact } from "./erase-contact";
import { registerExportContact } from "./export-contact";
import { registerRestrictContact } from "./restrict-contact";

/** Proof of consent (SPEC §I) and a contact's own requests: access, erasure, restriction (SPEC §J). */
export function registerConsentRoutes(app: OpenAPIHono<AppEnv>) {
  registerConsentProof(app);
  registerExportContact(app);
  registerRestrictContact(app);
  registerEraseContact(app);
}
