/**
 * The fan-out bench's case, in its own process (so that its memory is its own and it does not share
 * the event loop of the libSQL server it talks to): the campaign engine's `fanOutCampaign`, as the
 * transfers worker runs it, over HTTP to the server, until the whole audience is written; its delivery
 * queue counts what it is given. Prints JSON: ms, recipients queued, queue messages, the peak of the
 * JS heap, and how much the resident memory grew over what the process held before it started.
 *
 *   tsx fan-out-child.ts <url> <token> <accountId> <campaignId>
 */
import type { DeliveryMessage, TransferMessage } from "@edgepost/contracts";
import { createNodeDb } from "@edgepost/db/node";
import { fanOutCampaign } from "../packages/core/src/campaigns/fan-out-campaign";

const [url = "", authToken = "", accountId = "", campaignId = ""] = process.argv.slice(2);
const db = createNodeDb({ url, authToken });
let recipients = 0;
let messages = 0;
let heapPeak = 0;
let rssPeak = 0;
const delivery = {
  send: async () => undefined,
  sendBatch: async (batch: Iterable<{ body: DeliveryMessage }>) => {
    for (const { body } of batch) {
      messages += 1;
      if (body.kind === "campaign") recipients += body.contactIds.length;
    }
    const memory = process.memoryUsage();
    heapPeak = Math.max(heapPeak, memory.heapUsed);
    rssPeak = Math.max(rssPeak, memory.rss);
  },
};
const transfers = { send: async (_message: TransferMessage) => undefined };
const ctx = { db, now: () => new Date(), waitUntil: () => undefined, delivery, transfers };
// What the process holds before the first chunk (Node, tsx, the modules): not the fan-out's.
const rssStart = process.memoryUsage().rss;
const started = performance.now();
for (;;) {
  // Each call is one invocation of the transfers worker (20 s budget); it goes on from the cursor.
  const result = await fanOutCampaign({ ctx, input: { accountId, campaignId }, budgetMs: 20_000 });
  if (result.done) break;
}
const ms = performance.now() - started;
db.$client.close();
const mb = (bytes: number) => bytes / 2 ** 20;
console.log(
  JSON.stringify({ ms, recipients, messages, heapPeakMb: mb(heapPeak), rssGrowthMb: mb(rssPeak - rssStart) }),
);
