import { accounts, auditLog, messages, newId } from "@edgepost/db";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import type { AccountCtx, DeliveryQueue } from "../context";
import { enqueue } from "../delivery/enqueue";
import { systemEmail } from "../delivery/system-email";
import { DomainError } from "../errors";
import { accountChangedEmail } from "../system-emails/account-changed-email";
import { ownerEmail } from "../users/find-by-email";
import { assertCanWrite } from "./assert-can-write";
import { billingFor } from "./country";
import { companyFields } from "./create-account";
import { readAccount } from "./get-account";
import { assertIndustryAccepted } from "./industries";

export const updateAccountInput = z
  .object({
    companyName: companyFields.name,
    street: companyFields.street,
    postcode: companyFields.postcode,
    city: companyFields.city,
    country: companyFields.country,
    industry: companyFields.industry,
  })
  .partial();

/** Corrects the account's own data; a refused industry is refused here too; the owner is told by email. */
export async function updateAccount({
  ctx,
  input,
}: {
  ctx: AccountCtx & { delivery: DeliveryQueue };
  input: z.input<typeof updateAccountInput>;
}) {
  assertPermission(ctx, "account:write");
  assertCanWrite(ctx);
  const data = updateAccountInput.parse(input);
  if (Object.keys(data).length === 0)
    throw new DomainError("invalid_input", "Name at least one field to change.");
  if (data.industry) assertIndustryAccepted(data.industry);
  const { accountId, actor } = ctx.principal;
  const owner = await ownerEmail(ctx.db, accountId);
  const now = ctx.now();
  const fields = Object.keys(data);
  const notice = systemEmail(now, { accountId, to: owner, content: accountChangedEmail({ fields }) });
  const { companyName, ...rest } = data;
  await ctx.db.batch([
    ctx.db
      .update(accounts)
      .set({
        ...rest,
        ...(companyName === undefined ? {} : { name: companyName }),
        ...(data.country === undefined ? {} : billingFor(data.country)),
        updatedAt: now,
      })
      .where(eq(accounts.id, accountId)),
    ctx.db.insert(auditLog).values({
      id: newId("aud"),
      accountId,
      actor,
      action: "account.updated",
      target: fields.join(","),
      createdAt: now,
    }),
    ctx.db.insert(messages).values(notice.values),
  ]);
  await enqueue(ctx.delivery, notice.queued);
  return readAccount(ctx);
}
