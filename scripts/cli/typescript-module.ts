import { join } from "node:path";
import { REPO_ROOT } from "./repo-root";

/** True when this code runs as the compiled bin (dist/cli/strangler.cjs), false under tsx or jest. */
export const COMPILED = !__filename.endsWith(".ts");

let registered = false;

/**
 * Loads `scripts/cli/<file>` (TypeScript) at run time. From the compiled bin, tsx's require hook is
 * registered first, for this process only and only when a command needs it (`cutover`, which
 * loads a service's `cli/write-path.ts`); the path is built at run time so the bundler leaves the
 * module out of the compiled bin.
 */
export function loadTypeScript<T>(file: string): T {
  if (COMPILED && !registered) {
    (require("tsx/cjs/api") as { register(): unknown }).register();
    registered = true;
  }
  return require(join(REPO_ROOT, "scripts", "cli", file)) as T;
}
