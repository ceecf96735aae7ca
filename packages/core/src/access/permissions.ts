import type { AccountCtx } from "../context";
import { DomainError } from "../errors";

export type Role = "owner" | "admin" | "editor" | "viewer";

const EVERYONE: readonly Role[] = ["owner", "admin", "editor", "viewer"];

/** The one permission table: which roles may do what. API keys carry the same names as scopes. */
export const PERMISSIONS = {
  "account:read": EVERYONE,
  "account:write": ["owner", "admin"],
  "account:close": ["owner"],
  "account:export": ["owner", "admin"],
  "audit:read": ["owner", "admin"],
  "api_keys:read": ["owner", "admin"],
  "api_keys:manage": ["owner", "admin"],
  "users:read": EVERYONE,
  "users:manage": ["owner", "admin"],
  "pipeline_checks:read": EVERYONE,
  "pipeline_checks:write": ["owner", "admin", "editor"],
  "emails:read": EVERYONE,
  "emails:send": ["owner", "admin", "editor"],
  "templates:read": EVERYONE,
  "templates:manage": ["owner", "admin", "editor"],
  "campaigns:read": EVERYONE,
  "campaigns:manage": ["owner", "admin", "editor"],
  "domains:read": EVERYONE,
  "domains:manage": ["owner", "admin"],
  "suppressions:read": EVERYONE,
  "suppressions:manage": ["owner", "admin", "editor"],
  "webhooks:read": ["owner", "admin"],
  "webhooks:manage": ["owner", "admin"],
  "credits:read": EVERYONE,
  "providers:manage": ["owner", "admin"],
  "smtp_credentials:read": ["owner", "admin"],
  "smtp_credentials:manage": ["owner", "admin"],
  "contacts:read": EVERYONE,
  "contacts:write": ["owner", "admin", "editor"],
  "contacts:erase": ["owner", "admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** Users act by role; API keys by scope (`*` is every permission an owner has but closing the account). */
export function assertPermission(ctx: AccountCtx, permission: Permission): void {
  const { role, scopes } = ctx.principal;
  const allowed =
    role !== undefined
      ? (PERMISSIONS[permission] as readonly Role[]).includes(role)
      : permission !== "account:close" && (scopes.includes("*") || scopes.includes(permission));
  if (!allowed) throw new DomainError("forbidden", `This needs the "${permission}" permission.`);
}
