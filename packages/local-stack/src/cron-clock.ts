import { cronMatcher } from "./cron-expression";

/**
 * Fires each cron expression at the start of every UTC minute it matches, as Cron Triggers do in
 * production, for as long as the local stack runs. Returns a function that stops the clock.
 */
export function startCronClock(crons: readonly string[], fire: (cron: string) => Promise<void>): () => void {
  const matchers = crons.map((cron) => ({ cron, matches: cronMatcher(cron) }));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    const now = new Date();
    for (const { cron, matches } of matchers) {
      if (matches(now)) {
        fire(cron).catch((error: unknown) => console.error(`cron "${cron}" failed:`, error));
      }
    }
    schedule();
  };
  const schedule = () => {
    timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 5);
    timer.unref();
  };
  schedule();
  return () => clearTimeout(timer);
}
