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
          // As the local stack configures it: its SMTP sink (and a closed port) may be an account's
          // provider, and the fault-injecting provider may be chosen. Nothing else on this machine.
          OUTBOUND_ALLOW: `${new URL(inject("smtpUrl")).host}, 127.0.0.1:9`,
          OUTBOUND_TEST_PROVIDERS: "on",
          DNS_RESOLVER: `static:${JSON.stringify({ addresses: { "hooks.example": ["93.184.216.34"] } })}`,
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
