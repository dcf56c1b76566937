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

/** One process `npm start` runs for a service: its name (pid file, log, `strangler status`) and entry point. */
export interface ServicePart {
  name: string;
  entry: string;
}

/** A service's parts in the order they run: its backfill (`<name>-backfill`), when it has one, then itself. */
export function serviceParts(service: StackService): { backfill?: ServicePart; service: ServicePart } {
  const { name } = service.manifest;
  return { ...(service.backfill ? { backfill: { name: `${name}-backfill`, entry: service.backfill } } : {}), service: { name, entry: service.main } };
}

/** The names of a service's parts in that order. */
export function servicePartNames(service: StackService): string[] {
  const parts = serviceParts(service);
  return [...(parts.backfill ? [parts.backfill.name] : []), parts.service.name];
}
