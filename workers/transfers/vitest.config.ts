import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      main: "./src/index.ts",
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        bindings: {
          LIBSQL_URL: inject("libsqlUrl"),
          LIBSQL_AUTH_TOKEN: inject("libsqlAuthToken"),
          SIGNING_SECRET: "transfers-test-signing-secret-0123456789abcdef",
        },
      },
    })),
  ],
  test: { globalSetup: [fileURLToPath(import.meta.resolve("@edgepost/local-stack/vitest-database-setup"))] },
});
