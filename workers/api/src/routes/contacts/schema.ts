import { CONTACT_FIELD_TYPES, LIST_STATUSES } from "@edgepost/db";
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../env";
import { problemResponse } from "../errors";

export const contactField = z
  .object({
    id: z.string().openapi({ example: "fld_01jf3m8q2v7k9x4c6b8n0p2r4t" }),
    key: z.string().openapi({ example: "first_name" }),
    label: z.string().openapi({ example: "First name" }),
    type: z.enum(CONTACT_FIELD_TYPES),
    createdAt: z.iso.datetime(),
  })
  .openapi("ContactField");

export const contact = z
  .object({
    id: z.string().openapi({ example: "con_01jf3m8q2v7k9x4c6b8n0p2r4t" }),
    email: z.string().nullable().openapi({ example: "ann@example.com" }),
    phone: z.string().nullable().openapi({ description: "E.164", example: "+41791234567" }),
    attributes: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .openapi({ example: { first_name: "Ann", vip: true } }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("Contact");

export const contactWithMemberships = contact
  .extend({
    memberships: z.array(
      z.object({
        listId: z.string(),
        listName: z.string(),
        status: z.enum(LIST_STATUSES),
        createdAt: z.iso.datetime(),
        updatedAt: z.iso.datetime(),
      }),
    ),
  })
  .openapi("ContactWithMemberships");

export const list = z
  .object({
    id: z.string().openapi({ example: "lst_01jf3m8q2v7k9x4c6b8n0p2r4t" }),
    name: z.string().openapi({ example: "Newsletter" }),
    doubleOptIn: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("List");

export const listWithCounts = list
  .extend({
    counts: z.object(
      Object.fromEntries(LIST_STATUSES.map((s) => [s, z.number().int()])) as Record<
        (typeof LIST_STATUSES)[number],
        z.ZodNumber
      >,
    ),
  })
  .openapi("ListWithCounts");

export const membership = z
  .object({
    listId: z.string(),
    contactId: z.string(),
    status: z.enum(LIST_STATUSES),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("ListMembership");

export const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

/** A row with its `Date`s as ISO strings. */
export function json<T extends Record<string, unknown>>(
  row: T,
): { [K in keyof T]: T[K] extends Date ? string : T[K] } {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]),
  ) as { [K in keyof T]: T[K] extends Date ? string : T[K] };
}

/** Where the request came from, when the body doesn't say (bounded as the body's fields are). */
export function requestOrigin(
  c: Context<AppEnv>,
  body: { ip?: string | undefined; userAgent?: string | undefined },
) {
  return {
    ip: body.ip ?? c.req.header("cf-connecting-ip")?.slice(0, 64),
    userAgent: body.userAgent ?? c.req.header("user-agent")?.slice(0, 1000),
  };
}

export const notFound = (what: string) => ({ 404: problemResponse(`No such ${what} in this account`) });
