import { describe, expect, it } from "vitest";
import type { Role } from "../src/access/permissions";
import { closeAccount } from "../src/accounts/close-account";
import { exportAccount } from "../src/accounts/export-account";
import { getAccount } from "../src/accounts/get-account";
import { updateAccount } from "../src/accounts/update-account";
import { createApiKey } from "../src/api-keys/create-api-key";
import { listApiKeys } from "../src/api-keys/list-api-keys";
import { listAuditLog } from "../src/audit/list-audit-log";
import type { AccountCtx } from "../src/context";
import { getPipelineCheck } from "../src/pipeline-checks/get-pipeline-check";
import { startPipelineCheck } from "../src/pipeline-checks/start-pipeline-check";
import { inviteUser } from "../src/users/invite-user";
import { listUsers } from "../src/users/list-users";
import { collectingQueue, freshCtx, newAccount } from "./harness";

const ctx = await freshCtx();
const delivery = collectingQueue();
type Ctx = AccountCtx & { delivery: typeof delivery; signingSecret: string; linkBase: string };

/** What each role may do, written out here independently of the permission table it checks. */
const MATRIX: Record<string, { allowed: Role[]; run: (ctx: Ctx) => Promise<unknown> }> = {
  "read the account": { allowed: ["owner", "admin", "editor", "viewer"], run: (c) => getAccount({ ctx: c }) },
  "list users": { allowed: ["owner", "admin", "editor", "viewer"], run: (c) => listUsers({ ctx: c }) },
  "correct the account": {
    allowed: ["owner", "admin"],
    run: (c) => updateAccount({ ctx: c, input: { city: "Bern" } }),
  },
  "export the account": { allowed: ["owner", "admin"], run: (c) => exportAccount({ ctx: c }) },
  "read the audit log": { allowed: ["owner", "admin"], run: (c) => listAuditLog({ ctx: c, input: {} }) },
  "list API keys": { allowed: ["owner", "admin"], run: (c) => listApiKeys({ ctx: c }) },
  "create an API key": {
    allowed: ["owner", "admin"],
    run: (c) => createApiKey({ ctx: c, input: { name: "k" } }),
  },
  "invite a user": {
    allowed: ["owner", "admin"],
    run: (c) =>
      inviteUser({ ctx: c, input: { email: `${crypto.randomUUID()}@roles.example`, role: "viewer" } }),
  },
  "send a pipeline check": {
    allowed: ["owner", "admin", "editor"],
    run: (c) => startPipelineCheck({ ctx: c }),
  },
  "read a pipeline check": {
    allowed: ["owner", "admin", "editor", "viewer"],
    run: (c) =>
      getPipelineCheck({ ctx: c, input: { id: "chk_00000000000000000000000000" } }).catch(notFoundIsAllowed),
  },
  "close the account": { allowed: ["owner"], run: (c) => closeAccount({ ctx: c, input: { confirm: true } }) },
};

function notFoundIsAllowed(error: { code?: string }) {
  if (error.code !== "not_found") throw error;
}

describe.each(["owner", "admin", "editor", "viewer"] as const)("a signed-in %s", (role) => {
  it.each(Object.entries(MATRIX))("may %s only if the matrix says so", async (_, { allowed, run }) => {
    const account = await newAccount(ctx);
    const asRole: Ctx = {
      ...account,
      delivery,
      signingSecret: "s".repeat(40),
      linkBase: "https://api.test",
      principal: { ...account.principal, role, scopes: [] },
    };
    const result = run(asRole);
    if (allowed.includes(role)) await expect(result).resolves.not.toThrow();
    else await expect(result).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("an API key", () => {
  it("can do what its scopes name and nothing else, and never close the account", async () => {
    const account = await newAccount(ctx);
    const scoped: Ctx = {
      ...account,
      delivery,
      signingSecret: "s".repeat(40),
      linkBase: "https://api.test",
      principal: { ...account.principal, scopes: ["account:read"] },
    };
    await getAccount({ ctx: scoped });
    await expect(listApiKeys({ ctx: scoped })).rejects.toMatchObject({ code: "forbidden" });
    const all = { ...scoped, principal: { ...scoped.principal, scopes: ["*"] } };
    await listApiKeys({ ctx: all });
    await expect(closeAccount({ ctx: all, input: { confirm: true } })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
