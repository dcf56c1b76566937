import { join } from "node:path";
import { LessThanOrEqual, type DataSource } from "typeorm";
import { makePrivateDir, openMigrated, sqliteDataSource } from "../../../platform";
import { proxyMigrations } from "../../../migrations/proxy";
import type { RouteShadowStats } from "../shadow-stats";
import { DiffPathCountRecord } from "./diff-path-count.entity";
import { MismatchRecord } from "./mismatch-record.entity";
import { RouteCountersRecord } from "./route-counters.entity";

/** A mismatch as written and read back. */
export interface MismatchEntry {
  id?: number;
  routeId: string;
  at: string;
  outcome: "mismatch" | "errored";
  requestId: string;
  method: string;
  path: string;
  differences: unknown[];
  primary: unknown;
  candidate: unknown;
}

/** One batch of writes: new mismatch rows, and the current counters of the routes that changed. */
export interface ShadowBatch {
  mismatches: MismatchEntry[];
  routes: Array<{ routeId: string; stats: RouteShadowStats; changedPaths: string[] }>;
}

/**
 * The proxy's own store, `<dataDir>/proxy.sqlite` (TypeORM, migrations in `migrations/proxy/`):
 * mismatch records (the last `keepPerRoute` per route) and per-route counters. Only the batch writer
 * of `ShadowLedger` writes, off the request path.
 */
export class ShadowStore {
  private constructor(
    private readonly dataSource: DataSource,
    private readonly keepPerRoute: number,
  ) {}

  static async open(dataDir: string, keepPerRoute: number): Promise<ShadowStore> {
    makePrivateDir(dataDir);
    const dataSource = sqliteDataSource(join(dataDir, "proxy.sqlite"), { entities: [MismatchRecord, RouteCountersRecord, DiffPathCountRecord], migrations: proxyMigrations });
    await openMigrated(dataSource);
    return new ShadowStore(dataSource, keepPerRoute);
  }

  /** Counters and differing-path counts of every route, as last written. */
  async load(): Promise<Map<string, RouteShadowStats>> {
    const stats = new Map<string, RouteShadowStats>();
    for (const row of await this.dataSource.getRepository(RouteCountersRecord).find()) {
      stats.set(row.routeId, {
        matched: row.matched,
        mismatched: row.mismatched,
        errored: row.errored,
        skipped: row.skipped,
        noise: row.noise,
        skippedBy: JSON.parse(row.skippedBy) as Record<string, number>,
        noisyPaths: new Set(JSON.parse(row.noisyPaths) as string[]),
        diffPaths: new Map(),
      });
    }
    for (const row of await this.dataSource.getRepository(DiffPathCountRecord).find()) stats.get(row.routeId)?.diffPaths.set(row.path, row.count);
    return stats;
  }

  /** Writes one batch in one transaction, then trims each touched route to its last `keepPerRoute` mismatches. */
  async write(batch: ShadowBatch): Promise<void> {
    const at = new Date().toISOString();
    await this.dataSource.transaction(async (manager) => {
      if (batch.mismatches.length > 0) {
        await manager.getRepository(MismatchRecord).insert(
          batch.mismatches.map((m) => ({
            routeId: m.routeId,
            at: m.at,
            outcome: m.outcome,
            requestId: m.requestId,
            method: m.method,
            path: m.path.slice(0, 2000),
            differences: JSON.stringify(m.differences),
            primaryResponse: JSON.stringify(m.primary),
            candidateResponse: JSON.stringify(m.candidate),
          })),
        );
      }
      for (const { routeId, stats, changedPaths } of batch.routes) {
        await manager.getRepository(RouteCountersRecord).save({
          routeId,
          matched: stats.matched,
          mismatched: stats.mismatched,
          errored: stats.errored,
          skipped: stats.skipped,
          noise: stats.noise,
          skippedBy: JSON.stringify(stats.skippedBy),
          noisyPaths: JSON.stringify([...stats.noisyPaths].slice(0, 500)),
          updatedAt: at,
        });
        if (changedPaths.length > 0) {
          await manager.getRepository(DiffPathCountRecord).save(changedPaths.map((path) => ({ routeId, path: path.slice(0, 1000), count: stats.diffPaths.get(path) ?? 0 })));
        }
      }
      for (const routeId of new Set(batch.mismatches.map((m) => m.routeId))) {
        const cutoff = await manager.getRepository(MismatchRecord).find({ where: { routeId }, order: { id: "DESC" }, skip: this.keepPerRoute, take: 1 });
        if (cutoff.length > 0) await manager.getRepository(MismatchRecord).delete({ routeId, id: LessThanOrEqual(cutoff[0].id) });
      }
    });
  }

  /** The newest mismatch records of a route. */
  async recent(routeId: string, limit: number): Promise<MismatchEntry[]> {
    const rows = await this.dataSource.getRepository(MismatchRecord).find({ where: { routeId }, order: { id: "DESC" }, take: limit });
    return rows.map((row) => ({
      id: row.id,
      routeId: row.routeId,
      at: row.at,
      outcome: row.outcome as MismatchEntry["outcome"],
      requestId: row.requestId,
      method: row.method,
      path: row.path,
      differences: JSON.parse(row.differences) as unknown[],
      primary: JSON.parse(row.primaryResponse) as unknown,
      candidate: JSON.parse(row.candidateResponse) as unknown,
    }));
  }

  /** Forgets a route's counters and records (a fresh start, e.g. after a service fix). */
  async reset(routeId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(MismatchRecord).delete({ routeId });
      await manager.getRepository(RouteCountersRecord).delete({ routeId });
      await manager.getRepository(DiffPathCountRecord).delete({ routeId });
    });
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
