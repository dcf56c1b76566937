import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/**
 * An extracted service found by convention: a folder `extracted/<name>/` with `main.ts`, a
 * `manifest.ts` (contracts/service-manifest.ts) and its commands in `cli/`.
 */
export interface ServiceFolder {
  name: string;
  /** `main.ts`, the service's process, when there is one. */
  main?: string;
  /** `manifest.ts` (exports `manifest`), when `npm start` should run the service. */
  manifest?: string;
  /** `cli/backfill-main.ts`, when the service has one. */
  backfill?: string;
  /** `cli/verify-main.ts`, when the service has one. */
  verify?: string;
  /** `cli/write-path.ts` (`WRITE_GROUP`, `openWritePath(env)`), when the service's writes can move. */
  writePath?: string;
}

/** Every `extracted/<name>/` folder, with what it has (convention over configuration), by name. */
export function serviceFolders(root: string): ServiceFolder[] {
  const extracted = join(root, "extracted");
  if (!existsSync(extracted)) return [];
  return readdirSync(extracted, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const file = (...parts: string[]) => {
        const path = join(extracted, entry.name, ...parts);
        return existsSync(path) ? path : undefined;
      };
      return {
        name: entry.name,
        main: file("main.ts"),
        manifest: file("manifest.ts"),
        backfill: file("cli", "backfill-main.ts"),
        verify: file("cli", "verify-main.ts"),
        writePath: file("cli", "write-path.ts"),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
