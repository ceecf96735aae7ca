import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LocalStack, type StackOptions, startLocalStack } from "@edgepost/local-stack";
import { afterAll, beforeAll } from "vitest";

/**
 * Starts the whole local stack for one test file, on free ports and in a fresh data folder, with the
 * cron clock off (tests fire triggers themselves), and stops it afterwards.
 */
export function useLocalStack(options: Pick<StackOptions, "bindings"> = {}): {
  stack: () => LocalStack;
  dataDir: () => string;
} {
  let stack: LocalStack | undefined;
  let dataDir: string | undefined;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "edgepost-e2e-"));
    stack = await startLocalStack({
      dataDir,
      ports: { api: 0, public: 0, delivery: 0, cron: 0, libsql: 0, smtp: 0, maildev: 0 },
      cronClock: false,
      logLevel: "warn",
      ...options,
    });
  });
  afterAll(async () => {
    await stack?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the local stack is not started");
    return value;
  };
  return { stack: () => started(stack), dataDir: () => started(dataDir) };
}
