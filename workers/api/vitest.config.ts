import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/** The operator key of the tests is "test-operator-key". */
const OPERATOR_KEY_HASH = createHash("sha256").update("test-operator-key").digest("hex");

const PUBLIC_NAMES = Object.fromEntries(
  [
    "example.com",
    "hooks.example.com",
    "a.example",
    "b.example",
    "smtp.example.com",
    "api.postmarkapp.com",
    "api.resend.com",
  ].map((name) => [name, ["93.184.216.34"]]),
);

export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      main: "./src/index.ts",
      wrangler: { configPath: "./wrangler.jsonc" },
      miniflare: {
        bindings: {
          LIBSQL_URL: inject("libsqlUrl"),
          LIBSQL_AUTH_TOKEN: inject("libsqlAuthToken"),
          SIGNING_SECRET: "test-signing-secret-of-at-least-32-characters",
          PUBLIC_API_URL: "https://api.test",
          PUBLIC_URL: "https://links.test",
          OPERATOR_KEY_HASH,
          // The public names the tests register webhooks and providers at (no network here).
          DNS_RESOLVER: `static:${JSON.stringify({ addresses: PUBLIC_NAMES })}`,
        },
      },
    })),
  ],
  test: { globalSetup: [fileURLToPath(import.meta.resolve("@edgepost/local-stack/vitest-database-setup"))] },
});
