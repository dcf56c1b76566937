import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The repository's root: the first folder above this file with a package.json. Found, not
 * computed from a fixed depth, because the compiled bin (dist/cli/strangler.cjs) and the
 * TypeScript source (scripts/cli/) sit at different places.
 */
function findRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return join(start, "..", "..");
  }
}

export const REPO_ROOT = findRoot(__dirname);
