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
          // Base64 of "resend-test-secret-0123456789abcdef": Resend's secrets are `whsec_` + base64.
          RESEND_WEBHOOK_SECRET: "whsec_cmVzZW5kLXRlc3Qtc2VjcmV0LTAxMjM0NTY3ODlhYmNkZWY=",
          POSTMARK_WEBHOOK_USERNAME: "postmark",
          POSTMARK_WEBHOOK_PASSWORD: "hook-password",
          SES_TOPIC_ARNS: "arn:aws:sns:eu-west-1:123456789012:edgepost-ses",
          SIGNING_SECRET: "public-worker-test-signing-secret-0123456789",
        },
      },
    })),
  ],
  test: { globalSetup: [fileURLToPath(import.meta.resolve("@edgepost/local-stack/vitest-database-setup"))] },
});
