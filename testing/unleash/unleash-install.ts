import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/** This folder: its own package.json pins unleash-server, kept out of the main dependencies. */
export const UNLEASH_DIR = __dirname;

/** How a person installs it by hand (CI does it in `.ci/run`). */
export const INSTALL_COMMAND = "npm ci --prefix testing/unleash";

const SERVER_ENTRY = join(UNLEASH_DIR, "node_modules", "unleash-server", "dist", "server.js");
const PG_ENTRY = join(UNLEASH_DIR, "node_modules", "pg", "package.json");

/** Path of unleash-server's start script; installs the folder first (`npm ci`, ~20–60 s) when missing. */
export async function ensureUnleashInstalled(timeoutMs = 300_000): Promise<string> {
  if (isInstalled()) return SERVER_ENTRY;
  const output: string[] = [];
  const exitCode = await new Promise<number | string>((resolve) => {
    const npm = spawn("npm", ["ci", "--no-audit", "--no-fund"], { cwd: UNLEASH_DIR, stdio: ["ignore", "pipe", "pipe"] });
    const timer = setTimeout(() => npm.kill("SIGKILL"), timeoutMs);
    npm.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    npm.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString("utf8")));
    npm.on("error", (err) => resolve(err.message));
    npm.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? `killed by ${signal} after ${timeoutMs} ms`);
    });
  });
  if (exitCode !== 0 || !isInstalled()) {
    throw new Error(
      `unleash-server is not installed and \`npm ci\` in ${UNLEASH_DIR} failed (${exitCode}).\n` +
        `Install it by hand with \`${INSTALL_COMMAND}\` (needs the npm registry), then run the test again.\n` +
        output.join("").slice(-2000),
    );
  }
  return SERVER_ENTRY;
}

/** Loads a package from this folder's node_modules (not the project's), e.g. `pg`. */
export function requireFromUnleashDir<T>(name: string): T {
  return createRequire(join(UNLEASH_DIR, "package.json"))(name) as T;
}

function isInstalled(): boolean {
  return existsSync(SERVER_ENTRY) && existsSync(PG_ENTRY);
}
