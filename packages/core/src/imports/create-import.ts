import { CONSENT_ORIGINS, contactImports, newId } from "@edgepost/db";
import { z } from "zod";
import { assertPermission } from "../access/permissions";
import { assertCanWrite } from "../accounts/assert-can-write";
import { auditEntry } from "../audit/audit-entry";
import { findList } from "../contacts/list-record";
import { defaultCountryInput } from "../contacts/phone";
import { listId } from "../contacts/shared";
import { MAX_CONSENT_TEXT } from "../contacts/subscribe-contact";
import type { AccountCtx } from "../context";
import { DomainError } from "../errors";
import { checkTargets, columnTarget } from "./column-mapping";
import { importView } from "./import-record";

/** Lists of addresses someone else collected: the terms forbid them, so the import refuses them. */
const REFUSED_ORIGINS = new Set(["purchased", "rented", "third_party"]);

export const createImportInput = z.strictObject({
  format: z.enum(["csv", "xlsx", "xls"]),
  fileName: z.string().trim().min(1).max(255).optional(),
  /** The file's column (its header text) → `email`, `phone`, `attributes.<key>` or `ignore`. Omitted: matched by name. */
  columns: z
    .record(z.string().max(200), columnTarget)
    .refine((c) => Object.keys(c).length <= 200, "at most 200 columns")
    .optional(),
  /** CSV only; omitted: detected from the header row. */
  delimiter: z.enum([",", ";", "\t", "|"]).optional(),
  /** For phone numbers written without `+` and country code. */
  defaultCountry: defaultCountryInput,
  /** A list the imported contacts are subscribed to. */
  listId: listId.optional(),
  /** A contact the account already has (same email or phone): its fields updated, or the row skipped. */
  onExisting: z.enum(["update", "skip"]).default("update"),
  /** Where these contacts gave their consent: mandatory, recorded on the consent ledger. */
  consent: z.strictObject({
    origin: z.enum(CONSENT_ORIGINS),
    /** How and when the contacts agreed to hear from the account. */
    description: z.string().trim().min(10).max(2000),
    /** The consent text they were shown, word for word. */
    text: z.string().trim().min(1).max(MAX_CONSENT_TEXT).optional(),
  }),
});

/**
 * Starts an import: records its settings and the consent declaration, and answers with the import
 * to upload the file to. Contacts from purchased, rented or third-party lists are refused here.
 */
export async function createImport({
  ctx,
  input,
}: {
  ctx: AccountCtx;
  input: z.input<typeof createImportInput>;
}) {
  assertPermission(ctx, "contacts:write");
  assertCanWrite(ctx);
  const data = createImportInput.parse(input);
  if (REFUSED_ORIGINS.has(data.consent.origin)) {
    throw new DomainError(
      "consent_origin_refused",
      "Contacts bought, rented or obtained from third parties cannot be imported: only people who consented to hear from you.",
      undefined,
      [{ path: "consent.origin", message: "purchased, rented and third-party lists are refused" }],
    );
  }
  if (data.listId) await findList(ctx, data.listId);
  if (data.columns) await checkTargets(ctx, data.columns);
  const now = ctx.now();
  const id = newId("imp", now.getTime());
  const row = {
    id,
    accountId: ctx.principal.accountId,
    format: data.format,
    status: "awaiting_upload" as const,
    settings: {
      columns: data.columns ?? {},
      onExisting: data.onExisting,
      ...(data.delimiter ? { delimiter: data.delimiter } : {}),
      ...(data.defaultCountry ? { defaultCountry: data.defaultCountry } : {}),
      ...(data.listId ? { listId: data.listId } : {}),
    },
    consentOrigin: data.consent.origin,
    consentDescription: data.consent.description,
    consentText: data.consent.text ?? null,
    createdBy: ctx.principal.actor,
    fileKey: `accounts/${ctx.principal.accountId}/imports/${id}`,
    fileName: data.fileName ?? null,
    createdAt: now,
    updatedAt: now,
  };
  const [[created]] = await ctx.db.batch([
    ctx.db.insert(contactImports).values(row).returning(),
    auditEntry(ctx, "import.created", id),
  ]);
  if (!created) throw new Error("the import was not written");
  return importView(created);
}
