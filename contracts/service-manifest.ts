/**
 * What an extracted service tells the tools about itself: `extracted/<name>/manifest.ts` exports
 * `manifest`. `npm start` starts every service that has one (its backfill first, when it has one),
 * the CLI finds its commands in `cli/`, and nothing outside the service's folder and its migrations
 * names it (docs/adding-an-extracted-service.md).
 */
export interface ServiceManifest {
  /** The folder's name under `extracted/`, the part's name in `npm start` and its log file. */
  name: string;
  /** The environment variable of its port (e.g. `CATALOG_PORT`), checked free before the stack starts. */
  portVariable: string;
  /** Its port and database file as its own config reads them from `env` (STRANGLER_DATA_DIR, its port variable). */
  settings(env: NodeJS.ProcessEnv): { port: number; databasePath: string };
  /** The proxy route groups whose writes it can own (`strangler cutover <group>`). */
  writeGroups: readonly string[];
  /** The monolith's tables it takes over (their rows are synced into its own schema). */
  movedTables: readonly string[];
  /** Where it serves its sync status (contracts/sync-status.ts). */
  syncStatusPath: string;
  /** One line for `npm start`: what its sync carries, e.g. `monolith.sqlite → catalog.sqlite, and back`. */
  syncSummary: string;
}
