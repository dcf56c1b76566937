import { relative } from "node:path";
import type { ServiceManifest } from "../../contracts";
import { serviceFolders } from "../services/service-folders";

/** An extracted service `npm start` runs: its manifest and its entry points (relative to the repository). */
export interface StackService {
  manifest: ServiceManifest;
  /** `extracted/<name>/main.ts`. */
  main: string;
  /** `extracted/<name>/cli/backfill-main.ts`, run once before the service on every start; absent: none. */
  backfill?: string;
}

/**
 * Every service under `extracted/` that has a `main.ts` and a `manifest.ts`, by name: nothing in the
 * stack names a service. A manifest whose `name` is not its folder's is refused (its log file, pid
 * file and CLI name would disagree).
 */
export function stackServices(root: string): StackService[] {
  return serviceFolders(root)
    .filter((folder) => folder.main && folder.manifest)
    .map((folder) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { manifest } = require(folder.manifest!) as { manifest?: ServiceManifest };
      if (!manifest) throw new Error(`${relative(root, folder.manifest!)} exports no \`manifest\` (contracts/service-manifest.ts). Fix: export const manifest: ServiceManifest = { … }.`);
      if (manifest.name !== folder.name) throw new Error(`${relative(root, folder.manifest!)} names the service "${manifest.name}", its folder is "${folder.name}". Fix: use the folder's name.`);
      return { manifest, main: relative(root, folder.main!), ...(folder.backfill ? { backfill: relative(root, folder.backfill) } : {}) };
    });
}

/** The names of a service's parts in `npm start` (pid files, logs, `strangler status`): its backfill, then itself. */
export function servicePartNames(service: StackService): string[] {
  return [...(service.backfill ? [`${service.manifest.name}-backfill`] : []), service.manifest.name];
}
