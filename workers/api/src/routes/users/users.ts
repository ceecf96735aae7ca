import {
  changeRoleInput,
  changeUserRole,
  invitationId,
  inviteUser,
  inviteUserInput,
  listUsers,
  removeUser,
  revokeInvitation,
  userId,
} from "@edgepost/core";
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { accountCtx } from "../../account-ctx";
import type { AppEnv } from "../../env";
import { problemResponse } from "../problem-schema";
import { callerSecurity } from "../security";

const role = z.enum(["owner", "admin", "editor", "viewer"]);
const user = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role,
    emailVerifiedAt: z.iso.datetime().nullable(),
    lastLoginAt: z.iso.datetime().nullable(),
    deletedAt: z.iso.datetime().nullable(),
    removeAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .openapi("User");
const invitation = z
  .object({ id: z.string(), email: z.string(), role, expiresAt: z.iso.datetime() })
  .openapi("Invitation");
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const errors = {
  401: problemResponse("Not authenticated"),
  403: problemResponse("Not allowed, or the account is suspended"),
  404: problemResponse("No such user or invitation in this account"),
};
const iso = (d: Date | null) => d?.toISOString() ?? null;

const list = createRoute({
  method: "get",
  path: "/v1/users",
  tags: ["users"],
  summary: "The account's users and pending invitations",
  security: callerSecurity,
  responses: {
    200: json(z.object({ users: z.array(user), invitations: z.array(invitation) }), "Users"),
    ...errors,
  },
});
const invite = createRoute({
  method: "post",
  path: "/v1/users/invitations",
  tags: ["users"],
  summary: "Invite a person by email (needs a free seat)",
  security: callerSecurity,
  request: {
    body: {
      required: true,
      content: {
        "application/json": {
          schema: inviteUserInput,
          example: { email: "ada@nordlicht.example", role: "editor" },
        },
      },
    },
  },
  responses: {
    201: json(invitation, "Invitation emailed"),
    400: problemResponse("Invalid fields"),
    409: problemResponse("No free seat"),
    ...errors,
  },
});
const revoke = createRoute({
  method: "delete",
  path: "/v1/users/invitations/{id}",
  tags: ["users"],
  summary: "Withdraw a pending invitation",
  security: callerSecurity,
  request: { params: z.object({ id: invitationId }) },
  responses: { 200: json(z.object({ id: z.string() }), "Withdrawn"), ...errors },
});
const changeRole = createRoute({
  method: "patch",
  path: "/v1/users/{id}",
  tags: ["users"],
  summary: "Change a user's role",
  security: callerSecurity,
  request: {
    params: z.object({ id: userId }),
    body: {
      required: true,
      content: { "application/json": { schema: changeRoleInput, example: { role: "viewer" } } },
    },
  },
  responses: {
    200: json(z.object({ id: z.string(), role }), "Changed"),
    400: problemResponse("Invalid fields"),
    ...errors,
  },
});
const remove = createRoute({
  method: "delete",
  path: "/v1/users/{id}",
  tags: ["users"],
  summary: "Delete a user (they keep access until the end of the billing cycle)",
  security: callerSecurity,
  request: { params: z.object({ id: userId }) },
  responses: { 200: json(z.object({ id: z.string(), removeAt: z.iso.datetime() }), "Deleted"), ...errors },
});

export function registerUsers(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => {
    const result = await listUsers({ ctx: accountCtx(c) });
    return c.json(
      {
        users: result.users.map((u) => ({
          ...u,
          emailVerifiedAt: iso(u.emailVerifiedAt),
          lastLoginAt: iso(u.lastLoginAt),
          deletedAt: iso(u.deletedAt),
          removeAt: iso(u.removeAt),
          createdAt: u.createdAt.toISOString(),
        })),
        invitations: result.invitations.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString() })),
      },
      200,
    );
  });
  app.openapi(invite, async (c) => {
    const ctx = {
      ...accountCtx(c),
      delivery: c.env.DELIVERY_QUEUE,
      signingSecret: c.env.SIGNING_SECRET,
      linkBase: c.env.PUBLIC_API_URL,
    };
    const created = await inviteUser({ ctx, input: c.req.valid("json") });
    return c.json({ ...created, expiresAt: created.expiresAt.toISOString() }, 201);
  });
  app.openapi(revoke, async (c) =>
    c.json(await revokeInvitation({ ctx: accountCtx(c), input: c.req.valid("param") }), 200),
  );
  app.openapi(changeRole, async (c) =>
    c.json(
      await changeUserRole({
        ctx: accountCtx(c),
        input: { ...c.req.valid("param"), ...c.req.valid("json") },
      }),
      200,
    ),
  );
  app.openapi(remove, async (c) => {
    const ctx = { ...accountCtx(c), delivery: c.env.DELIVERY_QUEUE };
    const removed = await removeUser({ ctx, input: c.req.valid("param") });
    return c.json({ id: removed.id, removeAt: removed.removeAt.toISOString() }, 200);
  });
}
