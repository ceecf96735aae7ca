import { fileURLToPath } from "node:url";
import type { WorkerOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions } from "wrangler";
import { bundleWorker } from "./bundle-worker";

export const WORKERS = ["cron", "api", "public", "delivery"] as const;
export type WorkerName = (typeof WORKERS)[number];

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export function wranglerConfigPath(worker: WorkerName): string {
  return `${repoRoot}workers/${worker}/wrangler.jsonc`;
}

/**
 * Miniflare options for one worker, read from its own wrangler config (queues, compatibility
 * settings) so local runs use exactly what production deploys. Secrets are passed in.
 */
export async function workerOptions(
  worker: WorkerName,
  buildDir: string,
  secrets: Record<string, string>,
): Promise<WorkerOptions> {
  const previous = process.env.WRANGLER_LOG;
  process.env.WRANGLER_LOG = "error"; // the config's secrets are supplied below, not read from .dev.vars
  const { workerOptions: fromConfig, main } = unstable_getMiniflareWorkerOptions(wranglerConfigPath(worker));
  if (previous === undefined) delete process.env.WRANGLER_LOG;
  else process.env.WRANGLER_LOG = previous;
  if (!main) throw new Error(`workers/${worker}/wrangler.jsonc has no "main"`);
  const { modulesRules: _rules, ...options } = fromConfig;
  return {
    ...options,
    name: worker,
    modules: true,
    scriptPath: await bundleWorker(worker, main, buildDir),
    bindings: { ...options.bindings, ...secrets },
  } as WorkerOptions;
}
