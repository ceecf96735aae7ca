import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { WorkerOptions } from "miniflare";
import { unstable_getMiniflareWorkerOptions, unstable_readConfig } from "wrangler";
import { bundleWorker } from "./bundle-worker";

type WorkerName = "cron" | "api" | "public" | "delivery" | "transfers";

export const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

function wranglerConfigPath(worker: WorkerName): string {
  return `${repoRoot}workers/${worker}/wrangler.jsonc`;
}

/** The Cron Triggers a worker's wrangler config declares. */
export function configuredCrons(worker: WorkerName): string[] {
  return quietly(() => unstable_readConfig({ config: wranglerConfigPath(worker) }).triggers.crons ?? []);
}

/** Wrangler warns about the config's `secrets` field and missing `.dev.vars`; we pass secrets ourselves. */
function quietly<T>(read: () => T): T {
  const previous = process.env.WRANGLER_LOG;
  process.env.WRANGLER_LOG = "error";
  try {
    return read();
  } finally {
    if (previous === undefined) delete process.env.WRANGLER_LOG;
    else process.env.WRANGLER_LOG = previous;
  }
}

/** The module aliases of a worker's wrangler config, resolved as wrangler resolves them: from its folder. */
function readAlias(worker: WorkerName): Record<string, string> {
  const alias = unstable_readConfig({ config: wranglerConfigPath(worker) }).alias ?? {};
  const from = createRequire(wranglerConfigPath(worker));
  return Object.fromEntries(
    Object.entries(alias).map(([name, target]) => [name, from.resolve(String(target))]),
  );
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
  const { workerOptions: fromConfig, main } = quietly(() =>
    unstable_getMiniflareWorkerOptions(wranglerConfigPath(worker)),
  );
  if (!main) throw new Error(`workers/${worker}/wrangler.jsonc has no "main"`);
  const { modulesRules: _rules, ...options } = fromConfig;
  return {
    ...options,
    name: worker,
    modules: true,
    modulesRoot: buildDir,
    scriptPath: await bundleWorker(
      worker,
      main,
      buildDir,
      quietly(() => readAlias(worker)),
    ),
    bindings: { ...options.bindings, ...secrets },
  } as WorkerOptions;
}
