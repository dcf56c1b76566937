import type { DataSource } from "typeorm";
import { describeDrift, publishedThroughOf, type Drift, type KeyValue, type VerifyOutcome, type VerifyReport, type WritePath } from "../../../cdc";
import { changedLegacyKeys } from "./changed-keys";
import { repairCatalog, verifyCatalog } from "./backfill-catalog";
import { repairMonolithFromCatalog } from "./repair-monolith";
import { MONOLITH_ORIGIN, REVERSE_SOURCE } from "./reverse/reverse-names";
import { MOVED_TABLES, WRITE_GROUP } from "./write-group";

function outcome(report: VerifyReport): VerifyOutcome {
  const keys: Record<string, KeyValue[]> = {};
  for (const drift of report.drift) (keys[drift.table] ??= []).push(drift.key);
  return { drift: report.drift.map(describeDrift), keys, compared: Object.values(report.compared).reduce((sum, count) => sum + count, 0) };
}

/**
 * The catalog's write path over two open databases: the monolith's (with the catalog team's
 * in-monolith migrations applied) and the catalog's. Used by `strangler cutover`/`verify` (through
 * cli/write-path.ts) and by the service's ownership keeper.
 */
export function catalogWritePath(monolith: DataSource, catalog: DataSource, close: () => Promise<void> = async () => undefined): WritePath {
  return {
    service: "catalog",
    writeGroup: WRITE_GROUP,
    sides: {
      monolith: { name: MONOLITH_ORIGIN, db: monolith, tables: MOVED_TABLES, publishedThrough: publishedThroughOf(monolith, MONOLITH_ORIGIN) },
      service: { name: REVERSE_SOURCE, db: catalog, tables: MOVED_TABLES, publishedThrough: publishedThroughOf(catalog, REVERSE_SOURCE) },
    },
    verify: async () => outcome(await verifyCatalog(monolith, catalog)),
    verifyChangedSince: async (since, keys) => {
      const changed = await changedLegacyKeys(monolith, catalog, MOVED_TABLES, since);
      for (const [table, extra] of Object.entries(keys)) (changed[table] ??= []).push(...extra);
      return outcome(await verifyCatalog(monolith, catalog, changed));
    },
    repair: async (keys, from) => {
      if (from === "service") return { repaired: await repairMonolithFromCatalog(monolith, catalog, keys) };
      const drift: Drift[] = Object.entries(keys).flatMap(([table, list]) => list.map((key) => ({ table, key, kind: "different" as const, fields: [] })));
      const report: VerifyReport = { drift, compared: {} };
      const repaired = await repairCatalog(monolith, catalog, report);
      return { repaired: repaired.map((key, i) => `${drift[i].table} ${drift[i].key}: ${key.outcome} in the catalog`) };
    },
    close,
  };
}
