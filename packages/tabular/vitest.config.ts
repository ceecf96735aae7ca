import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/** The readers and writers run where they are used: in workerd. */
export default defineConfig({
  plugins: [cloudflareTest({ miniflare: { compatibilityDate: "2026-04-20", compatibilityFlags: [] } })],
});
