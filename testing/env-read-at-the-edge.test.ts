import { readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";

// ARCHITECTURE.md: only main.ts and config.ts read process.env; everything else gets config passed down.
const ROOT = join(__dirname, "..");
const PRODUCTION_DIRS = ["contracts", "platform", "cdc", "strangler-proxy", "monolith", "extracted", "migrations"];

function files(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (name === "node_modules") return [];
    if (statSync(path).isDirectory()) return files(path);
    return name.endsWith(".ts") && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

it("reads process.env only in main.ts and config.ts files", () => {
  const offenders = PRODUCTION_DIRS.flatMap((dir) => files(join(ROOT, dir)))
    .filter((file) => !["main.ts", "config.ts"].includes(basename(file)))
    .filter((file) => /process\.env\b/.test(readFileSync(file, "utf8")))
    .map((file) => relative(ROOT, file));
  expect(offenders).toEqual([]);
});
