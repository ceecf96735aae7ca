import type { SheetRow } from "./sheet";

/**
 * The rows of a sequence of batches, one by one. The readers work a batch at a time (a window of a CSV
 * file, a piece of a sheet's XML) and hand rows over through this iterator, which costs one resolved
 * promise per row rather than an async generator's several.
 */
export function eachRow(batches: AsyncIterable<SheetRow[]>): AsyncIterableIterator<SheetRow> {
  const source = batches[Symbol.asyncIterator]();
  let batch: SheetRow[] = [];
  let index = 0;
  const iterator: AsyncIterableIterator<SheetRow> = {
    async next() {
      for (;;) {
        const value = batch[index];
        if (value !== undefined) {
          index++;
          return { done: false, value };
        }
        const result = await source.next();
        if (result.done) return { done: true, value: undefined };
        batch = result.value;
        index = 0;
      }
    },
    async return() {
      await source.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
