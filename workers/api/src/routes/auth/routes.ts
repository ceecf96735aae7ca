import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerPasswordReset } from "./password-reset";
import { registerPasswordResetConfirm } from "./password-reset-confirm";
import { registerPasswordResetPage } from "./password-reset-page";
import { registerSignIn } from "./sign-in";
import { registerSignOut } from "./sign-out";
import { registerSignUp } from "./sign-up";
import { registerVerifyEmail } from "./verify-email";

/** Getting in, without a caller: sign-up and its email link, sign-in and out, password reset (its API and its page). */
export function registerAuthRoutes(app: OpenAPIHono<AppEnv>) {
  registerSignUp(app);
  registerVerifyEmail(app);
  registerSignIn(app);
  registerSignOut(app);
  registerPasswordReset(app);
  registerPasswordResetConfirm(app);
  registerPasswordResetPage(app);
}
