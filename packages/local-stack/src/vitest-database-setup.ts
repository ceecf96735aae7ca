import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { startTestDatabase } from "./test-database";

/** Workers in workerd reach libSQL only over HTTP: serve each worker suite a fresh database. */
export default async function setup(project: TestProject) {
  const database = await startTestDatabase();
  project.provide("libsqlUrl", database.url);
  project.provide("libsqlAuthToken", database.authToken);
  return () => database.close();
}

declare module "vitest" {
  interface ProvidedContext {
    libsqlUrl: string;
    libsqlAuthToken: string;
  }
}
