import type { DataSource } from "typeorm";
import { defaultProgressFile, describeDrift, publishedThroughOf, type Drift, type KeyValue, type VerifyOutcome, type VerifyReport, type WritePath } from "../../cdc";
import { changedLegacyKeys } from "./changed-keys";
import { repairService, verifyService } from "./copy-from-monolith";
import { repairMonolithFromService } from "./copy-to-monolith";
import { MONOLITH_SOURCE, type ServiceSync } from "./service-sync";

function outcome(report: VerifyReport): VerifyOutcome {
  const keys: Record<string, KeyValue[]> = {};
  for (const drift of report.drift) (keys[drift.table] ??= []).push(drift.key);
  return { drift: report.drift.map(describeDrift), keys, compared: Object.values(report.compared).reduce((sum, count) => sum + count, 0) };
}

/**
 * A service's write path over two open databases: the monolith's (with the service team's
 * in-monolith migrations applied) and the service's. Used by `strangler cutover`/`verify` (through
 * the service's `cli/write-path.ts`) and by the service's ownership keeper. `monolithRelayProgress`,
 * `serviceRelayProgress`: each side's relay progress file; required for a database on PostgreSQL
 * (`relayProgressFile`: in the data folder), else beside the SQLite file (`defaultProgressFile`).
 */
export function serviceWritePath(
  sync: ServiceSync,
  monolith: DataSource,
  db: DataSource,
  close: () => Promise<void> = async () => undefined,
  options: { monolithRelayProgress?: string; serviceRelayProgress?: string } = {},
): WritePath {
  return {
    service: sync.service,
    writeGroup: sync.writeGroup,
    sides: {
      monolith: { name: MONOLITH_SOURCE, db: monolith, tables: sync.movedTables, publishedThrough: publishedThroughOf(options.monolithRelayProgress ?? defaultProgressFile(monolith), MONOLITH_SOURCE) },
      service: { name: sync.service, db, tables: sync.movedTables, publishedThrough: publishedThroughOf(options.serviceRelayProgress ?? defaultProgressFile(db), sync.service) },
    },
    verify: async () => outcome(await verifyService(sync, monolith, db)),
    verifyChangedSince: async (since, keys) => {
      const changed = await changedLegacyKeys(monolith, db, sync.movedTables, since);
      for (const [table, extra] of Object.entries(keys)) (changed[table] ??= []).push(...extra);
      return outcome(await verifyService(sync, monolith, db, changed));
    },
    repair: async (keys, from) => {
      if (from === "service") return { repaired: await repairMonolithFromService(sync, monolith, db, keys) };
      const drift: Drift[] = Object.entries(keys).flatMap(([table, list]) => list.map((key) => ({ table, key, kind: "different" as const, fields: [] })));
      const report: VerifyReport = { drift, compared: {} };
      const repaired = await repairService(sync, monolith, db, report);
      return { repaired: repaired.map((key, i) => `${drift[i].table} ${drift[i].key}: ${key.outcome} in the ${sync.service}`) };
    },
    close,
  };
}
