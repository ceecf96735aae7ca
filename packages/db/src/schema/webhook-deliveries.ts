import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";
import { messageEvents } from "./message-events";
import { webhookEndpoints } from "./webhook-endpoints";

/** One event owed to one endpoint: written with the event, POSTed through the delivery queue. */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text().primaryKey(),
    accountId: text()
      .notNull()
      .references(() => accounts.id),
    endpointId: text()
      .notNull()
      .references(() => webhookEndpoints.id),
    eventId: text()
      .notNull()
      .references(() => messageEvents.id),
    status: text({ enum: ["pending", "delivered", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer().notNull().default(0),
    responseStatus: integer(),
    error: text(),
    deliveredAt: integer({ mode: "timestamp_ms" }),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_endpoint_event_idx").on(t.endpointId, t.eventId),
    index("webhook_deliveries_status_idx").on(t.status, t.createdAt),
    // An event's deliveries: removed with it (retention), checked when it is deleted (foreign key).
    index("webhook_deliveries_event_idx").on(t.eventId),
  ],
);
