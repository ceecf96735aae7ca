import { segmentFilter } from "@edgepost/core";
import { z } from "@hono/zod-openapi";
import { problemResponse } from "../errors";

export const segment = z
  .object({
    id: z.string().openapi({ example: "seg_01jf3m8q2v7k9x4c6b8n0p2r4t" }),
    name: z.string().openapi({ example: "Engaged pros" }),
    filter: segmentFilter,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("Segment");

const segmentContact = z
  .object({
    id: z.string().openapi({ example: "con_01jf3m8q2v7k9x4c6b8n0p2r4t" }),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi("SegmentContact");

export const contactPage = {
  items: z.array(segmentContact),
  nextCursor: z.string().nullable().openapi({ description: "Pass as `cursor` for the next page" }),
};

/** A filter as the examples show it: pros who opened a message this month, on the newsletter. */
export const exampleFilter = {
  all: [
    { field: "attributes.plan", op: "eq", value: "pro" },
    { list: "lst_01jf3m8q2v7k9x4c6b8n0p2r4t", status: "subscribed" },
    {
      any: [
        { engaged: "opened", within_days: 30 },
        { engaged: "clicked", within_days: 30 },
      ],
    },
  ],
};

/** Dates as ISO strings, for segments and contacts alike. */
export function segmentJson<T extends { createdAt: Date; updatedAt: Date }>(s: T) {
  return { ...s, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString() };
}

export const notFound = { 404: problemResponse("No such segment in this account") };
