import "reflect-metadata";
import { existsSync } from "node:fs";
import { describeDrift, type KeyValue, type VerifyOutcome, type VerifyReport, type WritePath } from "../../../cdc";
import { changedLegacyKeys } from "./changed-keys";
import { readCatalogConfig } from "../config";
import { createCatalogDataSource, openCatalogDatabase } from "../data-source";
import { MONOLITH_ORIGIN, openMonolithTarget, REVERSE_SOURCE, verifyCatalog } from "../sync";

/** The proxy route group of the catalog's write routes (strangler.config.json). */
export const WRITE_GROUP = "catalog-writes";

/** The tables whose writes move with the group, named alike in both databases. */
const MOVED_TABLES = ["categories", "products"] as const;

function outcome(report: VerifyReport): VerifyOutcome {
  const keys: Record<string, KeyValue[]> = {};
  for (const drift of report.drift) (keys[drift.table] ??= []).push(drift.key);
  return { drift: report.drift.map(describeDrift), keys, compared: Object.values(report.compared).reduce((sum, count) => sum + count, 0) };
}

/**
 * The catalog's write path for `strangler cutover catalog`: the monolith's and the catalog's
 * databases (migrated: write fence and consumer tables present), the moved tables and verify.
 * `env` is the operator's environment (STRANGLER_DATA_DIR), read through the catalog's config.
 */
export async function openWritePath(env: NodeJS.ProcessEnv): Promise<WritePath> {
  const config = readCatalogConfig(env);
  // Opening would create empty files (and then fail on missing tables): say where we looked instead.
  for (const path of [config.monolithDatabasePath, config.databasePath]) {
    if (!existsSync(path)) throw new Error(`No database at ${path}: set STRANGLER_DATA_DIR to the data folder of the running stack (npm start uses ./.strangler).`);
  }
  const catalog = createCatalogDataSource(config.databasePath);
  await openCatalogDatabase(catalog);
  let monolith;
  try {
    monolith = await openMonolithTarget(config.monolithDatabasePath);
  } catch (err) {
    await catalog.destroy();
    throw err;
  }
  return {
    service: "catalog",
    writeGroup: WRITE_GROUP,
    sides: {
      monolith: { name: MONOLITH_ORIGIN, db: monolith, tables: MOVED_TABLES },
      service: { name: REVERSE_SOURCE, db: catalog, tables: MOVED_TABLES },
    },
    verify: async () => outcome(await verifyCatalog(monolith, catalog)),
    verifyChangedSince: async (since, keys) => {
      const changed = await changedLegacyKeys(monolith, catalog, MOVED_TABLES, since);
      for (const [table, extra] of Object.entries(keys)) (changed[table] ??= []).push(...extra);
      return outcome(await verifyCatalog(monolith, catalog, changed));
    },
    close: async () => {
      await monolith.destroy();
      await catalog.destroy();
    },
  };
}
