import type { DeliveryMessage } from "@edgepost/contracts";
import { accounts, messages, users } from "@edgepost/db";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { exportAccount } from "../src/accounts/export-account";
import { listAuditLog } from "../src/audit/list-audit-log";
import type { AccountCtx } from "../src/context";
import { acceptInvitation } from "../src/users/accept-invitation";
import { changeUserRole } from "../src/users/change-user-role";
import { inviteUser } from "../src/users/invite-user";
import { listUsers } from "../src/users/list-users";
import { removeUser } from "../src/users/remove-user";
import { revokeInvitation } from "../src/users/revoke-invitation";
import { collectingQueue, freshCtx, newAccount } from "./harness";

const clock = { now: new Date("2026-11-30T10:00:00Z") };
const ctx = await freshCtx(clock);
const sent: DeliveryMessage[] = [];
const links = {
  delivery: collectingQueue(sent),
  signingSecret: "s".repeat(40),
  linkBase: "https://api.test",
};

async function owner(): Promise<AccountCtx & typeof links> {
  const account = await newAccount(ctx);
  return { ...account, ...links, principal: { ...account.principal, role: "owner", scopes: [] } };
}

async function invitationToken(email: string) {
  const [mail] = await ctx.db.select().from(messages).where(eq(messages.toAddress, email));
  const token = /token=([A-Za-z0-9_.-]+)/.exec(mail?.text ?? "")?.[1];
  if (!token) throw new Error("no invitation email");
  return token;
}

describe("users and invitations", () => {
  it("invites by email, and the invitee joins with the role once", async () => {
    const boss = await owner();
    const invited = await inviteUser({ ctx: boss, input: { email: "ed@team.example", role: "editor" } });
    expect(sent.at(-1)).toMatchObject({ kind: "email", accountId: boss.principal.accountId });
    const token = await invitationToken("ed@team.example");
    const joined = await acceptInvitation({
      ctx: { ...ctx, signingSecret: links.signingSecret },
      input: { token, name: "Ed", password: "editor passphrase" },
    });
    expect(joined).toMatchObject({ accountId: boss.principal.accountId, role: "editor" });
    await expect(
      acceptInvitation({
        ctx: { ...ctx, signingSecret: links.signingSecret },
        input: { token, name: "Ed", password: "editor passphrase" },
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    const list = await listUsers({ ctx: boss });
    expect(list.users.map((u) => u.role).sort()).toEqual(["editor", "owner"]);
    expect(list.invitations).toEqual([]);
    expect(invited.role).toBe("editor");
  });

  it("counts users and pending invitations against the plan's seats plus those bought", async () => {
    const boss = await owner(); // free plan: 2 seats, the owner takes one
    await inviteUser({ ctx: boss, input: { email: "one@seats.example", role: "viewer" } });
    await expect(
      inviteUser({ ctx: boss, input: { email: "two@seats.example", role: "viewer" } }),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    await ctx.db.update(accounts).set({ extraSeats: 1 }).where(eq(accounts.id, boss.principal.accountId));
    await inviteUser({ ctx: boss, input: { email: "two@seats.example", role: "viewer" } });
    const pending = (await listUsers({ ctx: boss })).invitations;
    await revokeInvitation({ ctx: boss, input: { id: pending[0]?.id ?? "" } });
    await inviteUser({ ctx: boss, input: { email: "three@seats.example", role: "viewer" } });
  });

  it("lets owners and admins manage people, nobody else, and never the owner", async () => {
    const boss = await owner();
    await inviteUser({ ctx: boss, input: { email: "v@roles.example", role: "viewer" } });
    const viewer = await acceptInvitation({
      ctx: { ...ctx, signingSecret: links.signingSecret },
      input: { token: await invitationToken("v@roles.example"), name: "V", password: "viewer passphrase" },
    });
    const asViewer = {
      ...boss,
      principal: { ...boss.principal, actor: viewer.userId, role: "viewer" as const },
    };
    await expect(
      inviteUser({ ctx: asViewer, input: { email: "x@roles.example", role: "admin" } }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(listAuditLog({ ctx: asViewer, input: {} })).rejects.toMatchObject({ code: "forbidden" });
    expect(await changeUserRole({ ctx: boss, input: { id: viewer.userId, role: "admin" } })).toEqual({
      id: viewer.userId,
      role: "admin",
    });
    await expect(
      changeUserRole({ ctx: boss, input: { id: boss.principal.actor, role: "viewer" } }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    const stranger = await owner();
    await expect(
      changeUserRole({ ctx: stranger, input: { id: viewer.userId, role: "viewer" } }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("keeps a deleted user until the end of the billing cycle", async () => {
    const boss = await owner(); // cycle anchored at sign-up, 2026-11-30 10:00
    await inviteUser({ ctx: boss, input: { email: "leaving@team.example", role: "editor" } });
    const leaving = await acceptInvitation({
      ctx: { ...ctx, signingSecret: links.signingSecret },
      input: {
        token: await invitationToken("leaving@team.example"),
        name: "L",
        password: "leaving passphrase",
      },
    });
    const later = { ...boss, now: () => new Date("2026-12-15T00:00:00Z") };
    expect(await removeUser({ ctx: later, input: { id: leaving.userId } })).toEqual({
      id: leaving.userId,
      removeAt: new Date("2026-12-30T10:00:00Z"),
    });
    const [row] = await ctx.db
      .select()
      .from(users)
      .where(and(eq(users.id, leaving.userId), eq(users.accountId, boss.principal.accountId)));
    expect(row?.deletedAt).toEqual(new Date("2026-12-15T00:00:00Z"));
    const notices = await ctx.db
      .select()
      .from(messages)
      .where(eq(messages.accountId, boss.principal.accountId));
    expect(notices.map((m) => m.subject)).toContain("A user was deleted from your Edgepost account");
  });
});

describe("audit log and export", () => {
  it("pages the audit log newest first and exports the whole account without secrets", async () => {
    const boss = await owner();
    for (const email of ["a@audit.example", "b@audit.example"]) {
      await ctx.db.update(accounts).set({ extraSeats: 5 }).where(eq(accounts.id, boss.principal.accountId));
      await inviteUser({ ctx: boss, input: { email, role: "viewer" } });
    }
    const first = await listAuditLog({ ctx: boss, input: { limit: 2 } });
    expect(first.items.map((e) => e.action)).toEqual(["user.invited", "user.invited"]);
    const second = await listAuditLog({
      ctx: boss,
      input: { limit: 2, cursor: first.nextCursor ?? undefined },
    });
    expect(second.items.map((e) => e.action)).toEqual(["account.created"]);
    expect(second.nextCursor).toBeNull();

    const archive = await exportAccount({ ctx: boss });
    expect(archive.account?.id).toBe(boss.principal.accountId);
    expect(archive.invitations).toHaveLength(2);
    expect(archive.auditLog).toHaveLength(3);
    expect(JSON.stringify(archive)).not.toMatch(/passwordHash|"hash"/);
  });
});

describe("seats under concurrency", () => {
  it("never hands out more seats than there are, however many invitations race for the last one", async () => {
    const boss = await owner(); // free plan: 2 seats, the owner takes one
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) =>
        inviteUser({ ctx: boss, input: { email: `race${i}@seats.example`, role: "viewer" } }),
      ),
    );
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    expect((await listUsers({ ctx: boss })).invitations).toHaveLength(1);
  });
});
