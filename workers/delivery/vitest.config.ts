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
          EMAIL_PROVIDER_URL: inject("smtpUrl"),
          SIGNING_SECRET: "delivery-test-signing-secret-0123456789abcdef",
          MAILDEV_URL: inject("maildevUrl"),
        },
      },
    })),
  ],
  test: {
    globalSetup: [
      fileURLToPath(import.meta.resolve("@edgepost/local-stack/vitest-database-setup")),
      fileURLToPath(import.meta.resolve("@edgepost/local-stack/vitest-maildev-setup")),
    ],
  },
});
