import { CONSENT_ACTIONS, CONSENT_ORIGINS, CONSENT_SOURCES, idSchema, LIST_STATUSES } from "@edgepost/db";
import { z } from "@hono/zod-openapi";
import { problemResponse } from "../errors";

/** A contact's id in a path (`con_…`); another account's answers 404 like an unknown one. */
export const contactParams = z.object({
  id: idSchema("con").openapi({
    param: { name: "id", in: "path" },
    example: "con_01jq3v8m2k0000000000000000",
  }),
});

export const notFound = { 404: problemResponse("No such contact in this account") };

const ledgerEntry = z.object({
  id: z.string(),
  action: z.enum(CONSENT_ACTIONS),
  listId: z.string().nullable(),
  listName: z.string().nullable(),
  source: z.enum(CONSENT_SOURCES),
  sourceRef: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  consentText: z.string().nullable(),
  confirmedAt: z.iso.datetime().nullable(),
  occurredAt: z.iso.datetime(),
});

export const consentProof = z
  .object({
    format: z.literal("edgepost.consent-proof.v1"),
    generatedAt: z.iso.datetime(),
    company: z.object({ name: z.string() }),
    contactId: z.string(),
    contact: z
      .object({
        id: z.string(),
        email: z.string().nullable(),
        phone: z.string().nullable(),
        createdAt: z.iso.datetime(),
      })
      .nullable()
      .describe("Null once the contact is erased: its entries are then tombstones"),
    erasedAt: z.iso.datetime().nullable(),
    lists: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        doubleOptIn: z.boolean(),
        status: z.enum(LIST_STATUSES),
        since: z.iso.datetime(),
      }),
    ),
    entries: z.array(ledgerEntry),
    imports: z
      .array(
        z.object({
          id: z.string(),
          fileName: z.string().nullable(),
          origin: z.enum(CONSENT_ORIGINS),
          description: z.string(),
          consentText: z.string().nullable(),
          declaredBy: z.string(),
          declaredAt: z.iso.datetime(),
        }),
      )
      .describe(
        "What the account declared, for each import that brought the contact, about where its contacts consented",
      ),
  })
  .openapi("ConsentProof");

/** A document's dates as the JSON the API answers with (ISO 8601). */
export const asJson = <T>(value: T) => JSON.parse(JSON.stringify(value)) as Jsonified<T>;

type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;
