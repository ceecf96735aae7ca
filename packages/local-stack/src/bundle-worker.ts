import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { build } from "esbuild";

/**
 * Bundles a worker's entry the way wrangler does for workerd: one ES module, resolving packages
 * with the `workerd`/`worker`/`browser` conditions so web builds (e.g. `@libsql/client/web`) are used,
 * and with the `alias` of its wrangler config.
 */
export async function bundleWorker(
  name: string,
  main: string,
  outDir: string,
  alias: Record<string, string> = {},
): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const outfile = join(outDir, `${name}.mjs`);
  await build({
    entryPoints: [main],
    outfile,
    bundle: true,
    format: "esm",
    // "browser" so that package.json `browser` maps (file replacements, e.g. liquidjs) apply, as in wrangler.
    platform: "browser",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["workerd", "worker", "browser", "module", "main"],
    external: ["cloudflare:*"],
    alias,
    sourcemap: "linked",
    logLevel: "warning",
  });
  return outfile;
}
