// The two commands of the README, runnable on a machine with only Node.js and npm:
//   npm run dev   installs what is missing, then starts the whole local stack
//   npm test      installs what is missing, then runs lint, type-check and every test suite
// Plain Node, no dependencies: this is what runs before anything is installed.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pnpmVersion = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager.split("@")[1];
const toolsDir = join(root, ".data", "tools");
const env = {
  ...process.env,
  PATH: [join(toolsDir, "node_modules", ".bin"), process.env.PATH].join(delimiter),
  TURBO_TELEMETRY_DISABLED: "1",
  WRANGLER_SEND_METRICS: "false",
};

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit", ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function pnpmWorks() {
  const result = spawnSync("pnpm", ["--version"], { cwd: root, env, encoding: "utf8" });
  return result.status === 0 && result.stdout.trim() === pnpmVersion;
}

function ensurePnpm() {
  if (pnpmWorks()) return;
  console.log(`Installing pnpm ${pnpmVersion} into .data/tools …`);
  const status = run("npm", [
    "install",
    "--prefix",
    toolsDir,
    "--no-audit",
    "--no-fund",
    `pnpm@${pnpmVersion}`,
  ]);
  if (status !== 0 || !pnpmWorks()) {
    console.error(`Could not install pnpm ${pnpmVersion}. Install it yourself: npm i -g pnpm@${pnpmVersion}`);
    process.exit(1);
  }
}

function ensureDependencies() {
  const status = run("pnpm", ["install", "--frozen-lockfile"]);
  if (status !== 0) process.exit(status);
}

/**
 * The browser tests drive Debian's Chromium (browsers cannot be downloaded here). Installed with
 * apt when this runs as root and it is missing; otherwise the tests say how to install it.
 */
function ensureChromium() {
  const paths = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  if (paths.some((path) => path && existsSync(path))) return;
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) return;
  console.log("Installing Chromium for the browser tests (apt-get install chromium) …");
  run("apt-get", ["update", "-qq"]);
  run("apt-get", ["install", "-y", "-qq", "chromium"], {
    env: { ...env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

const task = process.argv[2];
ensurePnpm();
ensureDependencies();

if (task === "dev") {
  // Ctrl-C reaches the whole process group; the stack stops itself and we exit with it.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => {});
  const stack = join(root, "packages", "local-stack");
  process.exit(run(join(stack, "node_modules", ".bin", "tsx"), ["src/cli.ts"], { cwd: stack }));
} else if (task === "test") {
  ensureChromium();
  const steps = [
    ["exec", "biome", "ci", "."],
    ["exec", "knip"],
    ["exec", "turbo", "run", "typecheck", "--concurrency=2"],
    // The committed OpenAPI document, linted with Redocly's recommended rules (packages/client/redocly.yaml).
    ["--filter", "@edgepost/client", "run", "lint:openapi"],
    // Each worker bundled as `wrangler deploy` would, its compressed size held under a budget.
    ["exec", "node", "scripts/check-bundles.mjs"],
    // One suite at a time: several start workerd, SMTP and libSQL servers, and on two cores
    // timing-sensitive tests stay reliable only when they do not compete for the CPU.
    ["exec", "turbo", "run", "test", "--concurrency=1", "--continue"],
  ];
  for (const step of steps) {
    console.log(`\n$ pnpm ${step.join(" ")}`);
    const status = run("pnpm", step);
    if (status !== 0) process.exit(status);
  }
} else {
  console.error("usage: node scripts/bootstrap.mjs dev|test");
  process.exit(2);
}
