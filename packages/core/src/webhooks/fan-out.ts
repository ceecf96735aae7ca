import type { DeliveryMessage } from "@edgepost/contracts";
import { type MessageEventType, newId, webhookDeliveries, webhookEndpoints } from "@edgepost/db";
import { and, eq, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../context";

/** One `webhook_deliveries` row: an event owed to an endpoint, `pending` until POSTed. */
export interface WebhookDeliveryRow {
  id: string;
  accountId: string;
  endpointId: string;
  eventId: string;
  createdAt: Date;
}

/**
 * The webhook deliveries that events of an account are owed: one per event and per enabled
 * endpoint of that account subscribed to the event's type (one query, whatever the number of
 * events). Nothing is written: insert the rows in the same batch as the events, after them
 * (each row references its event), then queue `{ kind: "webhook", accountId, deliveryId }` for
 * each once the batch has committed (see {@link webhookQueueMessages}).
 *
 * Prefer {@link webhookDeliveryInserts} to `db.insert(webhookDeliveries).values(rows)`: it skips an
 * endpoint deleted or disabled since this read instead of failing the whole batch on its foreign key.
 */
export async function webhookDeliveriesFor(
  ctx: Ctx,
  input: { accountId: string; eventIds: readonly { id: string; type: MessageEventType }[] },
): Promise<WebhookDeliveryRow[]> {
  if (input.eventIds.length === 0) return [];
  const endpoints = await ctx.db
    .select({ id: webhookEndpoints.id, events: webhookEndpoints.events })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.accountId, input.accountId), eq(webhookEndpoints.enabled, true)));
  const createdAt = ctx.now();
  const rows: WebhookDeliveryRow[] = [];
  for (const event of input.eventIds) {
    for (const endpoint of endpoints) {
      if (!endpoint.events.includes(event.type)) continue;
      rows.push({
        id: newId("whd", createdAt.getTime()),
        accountId: input.accountId,
        endpointId: endpoint.id,
        eventId: event.id,
        createdAt,
      });
    }
  }
  return rows;
}

/** Rows per statement: five parameters each, far below SQLite's limit. */
const ROWS_PER_INSERT = 500;

/**
 * Statements inserting delivery rows for a `db.batch`, each row only while its endpoint still
 * exists and is enabled (`INSERT … SELECT … JOIN webhook_endpoints`): an endpoint deleted between
 * {@link webhookDeliveriesFor} and the batch is skipped instead of breaking the batch. The queue
 * message of a skipped row finds no delivery and ends.
 */
export function webhookDeliveryInserts(ctx: Ctx, rows: readonly WebhookDeliveryRow[]) {
  const statements = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const values: SQL[] = rows
      .slice(start, start + ROWS_PER_INSERT)
      .map(
        (row) =>
          sql`(${row.id}, ${row.accountId}, ${row.endpointId}, ${row.eventId}, ${row.createdAt.getTime()})`,
      );
    statements.push(
      ctx.db.run(sql`insert into ${webhookDeliveries} (id, account_id, endpoint_id, event_id, created_at)
        select v.column1, v.column2, v.column3, v.column4, v.column5
        from (values ${sql.join(values, sql`, `)}) as v
        join ${webhookEndpoints} as e on e.id = v.column3 and e.account_id = v.column2 and e.enabled = 1`),
    );
  }
  return statements;
}

/** The queue messages of delivery rows, to send once the batch that inserted them has committed. */
export function webhookQueueMessages(rows: readonly WebhookDeliveryRow[]): DeliveryMessage[] {
  return rows.map((row) => ({ kind: "webhook", accountId: row.accountId, deliveryId: row.id }));
}
