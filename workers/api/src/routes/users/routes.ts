import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env";
import { registerAcceptInvitation } from "./accept-invitation";
import { registerAcceptInvitationPage } from "./accept-invitation-page";
import { registerChangeUserRole } from "./change-user-role";
import { registerInviteUser } from "./invite-user";
import { registerListUsers } from "./list-users";
import { registerRemoveUser } from "./remove-user";
import { registerRevokeInvitation } from "./revoke-invitation";

/** The account's users and invitations; accepting one (its API and its page) needs no caller. */
export function registerUserRoutes(app: OpenAPIHono<AppEnv>) {
  registerAcceptInvitation(app);
  registerAcceptInvitationPage(app);
  registerListUsers(app);
  registerInviteUser(app);
  registerRevokeInvitation(app);
  registerChangeUserRole(app);
  registerRemoveUser(app);
}
