import type { Hono } from "hono";
import type { Env } from "./env";

/** The public worker's app, as each folder of routes registers on it. */
export type PublicApp = Hono<{ Bindings: Env; Variables: { requestId: string } }>;
