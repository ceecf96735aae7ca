import { users } from "@edgepost/db";

/** What an account may see of its users: everything but the password hash. */
export const userColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  emailVerifiedAt: users.emailVerifiedAt,
  lastLoginAt: users.lastLoginAt,
  deletedAt: users.deletedAt,
  removeAt: users.removeAt,
  createdAt: users.createdAt,
};
