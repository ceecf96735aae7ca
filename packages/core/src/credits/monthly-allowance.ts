import { accounts, newId } from "@edgepost/db";
import { eq, sql } from "drizzle-orm";
import type { Ctx } from "../context";
import { monthlyEmailAllowance, type Plan } from "../plans/plans";

const month = (date: Date): string => date.toISOString().slice(0, 7);

/**
 * The statements that give a plan's monthly email allowance, to put before a debit in the same
 * batch: first what is left of the last month's allowance granted expires (the allowance is spent before
 * bought credits, so what is left of it is the grant plus what was consumed or refunded since,
 * at most the balance), then this month's is granted. Both are booked once per month by their
 * references, however many sends run at the same time; a plan without allowance gets nothing.
 */
export function monthlyAllowance(ctx: Ctx, account: { id: string; plan: Plan }, now: Date) {
  const allowance = monthlyEmailAllowance(account.plan);
  if (allowance === 0) return [];
  const at = now.getTime();
  const expiry = ctx.db.run(sql`
    insert into credit_ledger (id, account_id, wallet, seq, kind, amount, balance_after, reference, created_at)
    select ${newId("crd", at)}, ${account.id}, 'email', last.seq + 1, 'allowance_expiry', -left_over,
           last.balance_after - left_over, 'allowance_expiry:' || substr(granted, 11), ${at}
    from (
      select grant_entry.reference as granted,
             max(0, min(
               (select balance_after from credit_ledger where account_id = ${account.id} and wallet = 'email'
                order by seq desc limit 1),
               grant_entry.amount + coalesce((
                 select sum(amount) from credit_ledger
                 where account_id = ${account.id} and wallet = 'email' and seq > grant_entry.seq
                   and kind in ('consumption', 'refund')), 0))) as left_over
      from credit_ledger as grant_entry
      where grant_entry.account_id = ${account.id} and grant_entry.wallet = 'email'
        and grant_entry.kind = 'allowance' and grant_entry.reference <> ${`allowance:${month(now)}`}
      order by grant_entry.seq desc limit 1
    ) join (
      select seq, balance_after from credit_ledger where account_id = ${account.id} and wallet = 'email'
      order by seq desc limit 1
    ) as last
    where true
    on conflict do nothing`);
  const grant = ctx.db.run(sql`
    insert into credit_ledger (id, account_id, wallet, seq, kind, amount, balance_after, reference, created_at)
    select ${newId("crd", at)}, ${account.id}, 'email', coalesce(last.seq, 0) + 1, 'allowance', ${allowance},
           coalesce(last.balance_after, 0) + ${allowance}, ${`allowance:${month(now)}`}, ${at}
    from (select 1) left join (
      select seq, balance_after from credit_ledger where account_id = ${account.id} and wallet = 'email'
      order by seq desc limit 1
    ) as last
    where true
    on conflict do nothing`);
  return [expiry, grant] as const;
}

/**
 * Books this month's allowance now if it is not yet (what a first send of the month would do), so
 * that what the email wallet shows is what a send can spend.
 */
export async function grantMonthlyAllowance(ctx: Ctx, accountId: string, now: Date): Promise<void> {
  const [account] = await ctx.db
    .select({ plan: accounts.plan })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  const statements = monthlyAllowance(ctx, { id: accountId, plan: account?.plan ?? "free" }, now);
  if (statements.length > 0) await ctx.db.batch([statements[0], statements[1]]);
}
