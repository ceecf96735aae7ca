/**
 * Runs `task` (one send) for every item, at most `inFlight` at a time, for providers or messages
 * without a batch endpoint. Each task records its own result, so none depends on the finishing order.
 */
export async function sendEach<T>(
  items: readonly T[],
  inFlight: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, worker));
}
