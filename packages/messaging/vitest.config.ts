import { readFileSync } from "node:fs";
import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

/** workerd trusts the test CA, so TLS and STARTTLS are tested with certificate checks on. */
const testCa = readFileSync(new URL("./test/fixtures/test-ca.pem", import.meta.url), "utf8");

export default defineConfig({
  test: {
    /** Node side: MailDev and scripted SMTP servers for the workerd tests (see test/provided-context.d.ts). */
    globalSetup: ["./test/node/global-setup.ts"],
    projects: [
      {
        test: { name: "node", include: ["test/node/**/*.test.ts"], environment: "node" },
      },
      {
        plugins: [
          cloudflareTest({
            miniflare: {
              compatibilityDate: "2026-04-20",
              compatibilityFlags: [],
              outboundService: {
                network: { allow: ["private", "public"], tlsOptions: { trustedCertificates: [testCa] } },
              },
            },
          }),
        ],
        test: { name: "workerd", include: ["test/workerd/**/*.test.ts"] },
      },
    ],
  },
});
