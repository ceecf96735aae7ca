import { writeFile } from "node:fs/promises";
import { renderGenerated } from "./render";

const root = new URL("../", import.meta.url);
for (const [path, contents] of Object.entries(await renderGenerated())) {
  await writeFile(new URL(path, root), contents);
  console.log(`wrote packages/client/${path}`);
}
