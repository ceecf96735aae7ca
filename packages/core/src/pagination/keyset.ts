import { type IdPrefix, idSchema } from "@edgepost/db";
import { type Column, lt, type SQL } from "drizzle-orm";
import { z } from "zod";

/** Lists run newest first and page by id: a page's cursor is the id of its last item. */
const NOT_A_CURSOR = "a cursor from a previous page";

interface PageInputOptions {
  /** The most items one page may hold. */
  max: number;
  /** How many items a page holds when `limit` is left out. */
  byDefault: number;
  /** A bad cursor is reported as a bad id of its kind (`a template id (tpl_…)`), as some verbs always did. */
  reportAs?: "cursor" | "id";
  /** The OpenAPI document says what `cursor` is, as some verbs always did. */
  described?: boolean;
}

/** The paging fields of a list verb's input, to spread into its `z.object`: `limit` and `cursor`. */
export function pageInput(
  prefix: IdPrefix,
  { max, byDefault, reportAs = "cursor", described = false }: PageInputOptions,
) {
  const cursor = idSchema(prefix, reportAs === "id" ? undefined : NOT_A_CURSOR).optional();
  return {
    limit: z.coerce.number().int().min(1).max(max).default(byDefault),
    /** The `nextCursor` of the previous page. */
    cursor: described ? cursor.describe(NOT_A_CURSOR) : cursor,
  };
}

/** The rows after the cursor (older ones, below it), or no condition on the first page. */
export function pastCursor(id: Column, cursor: string | undefined): SQL | undefined {
  return cursor ? lt(id, cursor) : undefined;
}

/** A page of the `limit + 1` rows fetched for it: the first `limit`, and the cursor of the next if more came. */
export function keysetPage<Row extends { id: string }>(
  rows: Row[],
  limit: number,
): { items: Row[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
