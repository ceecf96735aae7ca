import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { renderGenerated } from "../scripts/render";

const fresh = await renderGenerated();

describe("the committed generated files", () => {
  it.each(Object.keys(fresh) as (keyof typeof fresh)[])(
    "%s matches the API worker's routes",
    async (path) => {
      const committed = await readFile(new URL(`../${path}`, import.meta.url), "utf8");
      expect(committed, `${path} is stale: run \`pnpm --filter @edgepost/client generate\``).toBe(
        fresh[path],
      );
    },
  );
});
