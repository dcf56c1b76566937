import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { DataSource, EntityManager } from "typeorm";
import { openMigrated, sqliteDataSource, type Logger } from "../../../platform";
import type { StageName } from "../../config/schema";
import { fenceFlagName, routeFlagName, shadowFlagName } from "../flag-names";
import { describeStage, flagsForStage, stageFromFlags, type RouteStage } from "../route-stage";
import { FlagAuditRecord } from "./flag-audit.entity";
import { FlagRecord } from "./flag-record.entity";
import { toClientFeature } from "./unleash-format";
import { flagMigrations } from "../../../migrations/flags";

/** A requested stage change with who asked and why (kept in the audit table). */
export interface StageChange {
  routeId: string;
  stage: StageName;
  percent?: number;
  actor: string;
  sourceAddress?: string;
  reason?: string;
  requestId?: string;
}

/** A request to fence (or open) routes: who asked and why (kept in the audit table). */
export interface FenceChange {
  routeIds: readonly string[];
  fenced: boolean;
  actor: string;
  sourceAddress?: string;
  reason?: string;
  requestId?: string;
}

/** A stage change as written. */
export interface AppliedChange {
  routeId: string;
  from: RouteStage;
  to: RouteStage;
  at: string;
}

/** The features document served to Unleash clients, with its ETag. */
export interface FeaturesSnapshot {
  body: string;
  etag: string;
}

export interface FlagStoreOptions {
  /** Folder of `flags.sqlite`. */
  dataDir: string;
  logger: Logger;
}

/**
 * The embedded flag store: flags in `<dataDir>/flags.sqlite`, served to every proxy instance through
 * the Unleash client API. This process is the only writer, so the flags are cached in memory and the
 * features document is rebuilt after each committed change.
 */
export class FlagStore {
  private readonly flags = new Map<string, FlagRecord>();
  private readonly listeners: Array<(snapshot: FeaturesSnapshot) => void> = [];
  private snapshotCache: FeaturesSnapshot = { body: "", etag: "" };
  private writes: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {}

  static async open(options: FlagStoreOptions): Promise<FlagStore> {
    mkdirSync(options.dataDir, { recursive: true });
    const dataSource = sqliteDataSource(join(options.dataDir, "flags.sqlite"), { entities: [FlagRecord, FlagAuditRecord], migrations: flagMigrations });
    await openMigrated(dataSource);
    const store = new FlagStore(dataSource, options.logger);
    for (const flag of await dataSource.getRepository(FlagRecord).find()) store.flags.set(flag.name, flag);
    store.rebuildSnapshot();
    return store;
  }

  /** Writes the config's stage for every route the store has no flag for yet; returns how many were seeded. */
  async seed(routes: ReadonlyArray<{ id: string; stage: StageName; percent?: number }>): Promise<number> {
    const missing = routes.filter((route) => !this.flags.has(routeFlagName(route.id)));
    for (const route of missing) {
      await this.setStage({ routeId: route.id, stage: route.stage, percent: route.percent, actor: "config", reason: "seeded from the route table" });
    }
    return missing.length;
  }

  /** The stage the store holds for a route. */
  stageOf(routeId: string): RouteStage {
    const primary = this.flags.get(routeFlagName(routeId));
    const shadow = this.flags.get(shadowFlagName(routeId));
    return stageFromFlags(primary && { ...primary }, shadow && { ...shadow });
  }

  /** Changes one route's stage: both flags and the audit row in one transaction. */
  setStage(change: StageChange): Promise<AppliedChange> {
    return this.setStages([change]).then((applied) => applied[0]);
  }

  /** Whether the store holds a route fenced. */
  isFenced(routeId: string): boolean {
    return this.flags.get(fenceFlagName(routeId))?.enabled ?? false;
  }

  /**
   * Fences (or opens) routes together, all or nothing: while fenced, every proxy instance answers
   * them with 503 + Retry-After instead of forwarding (the switch window of a cut-over).
   */
  setFence(change: FenceChange): Promise<void> {
    const run = this.writes.then(() => this.writeFence(change));
    this.writes = run.catch(() => undefined);
    return run;
  }

  /** Changes several routes' stages together (a group), all or nothing. */
  setStages(changes: readonly StageChange[]): Promise<AppliedChange[]> {
    const run = this.writes.then(() => this.write(changes));
    this.writes = run.catch(() => undefined);
    return run;
  }

  snapshot(): FeaturesSnapshot {
    return this.snapshotCache;
  }

  /** Called after each committed change with the new features document. */
  onChange(listener: (snapshot: FeaturesSnapshot) => void): void {
    this.listeners.push(listener);
  }

  /** Audit rows, newest first. */
  audit(options: { routeId?: string; limit?: number } = {}): Promise<FlagAuditRecord[]> {
    return this.dataSource.getRepository(FlagAuditRecord).find({
      where: options.routeId ? { routeId: options.routeId } : {},
      order: { id: "DESC" },
      take: options.limit ?? 100,
    });
  }

  async close(): Promise<void> {
    await this.writes;
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  private async write(changes: readonly StageChange[]): Promise<AppliedChange[]> {
    const at = new Date().toISOString();
    const written: FlagRecord[] = [];
    const applied = await this.dataSource.transaction(async (manager) => {
      const results: AppliedChange[] = [];
      for (const change of changes) results.push(await this.writeOne(manager, change, at, written));
      return results;
    });
    for (const flag of written) this.flags.set(flag.name, flag);
    this.rebuildSnapshot();
    applied.forEach((change, i) => {
      const { actor, sourceAddress, reason, requestId } = changes[i];
      this.logger.info("route stage changed", {
        routeId: change.routeId,
        from: describeStage(change.from),
        to: describeStage(change.to),
        at,
        actor,
        sourceAddress,
        reason,
        requestId,
      });
    });
    for (const listener of this.listeners) listener(this.snapshotCache);
    return applied;
  }

  private async writeOne(manager: EntityManager, change: StageChange, at: string, written: FlagRecord[]): Promise<AppliedChange> {
    const from = this.stageOf(change.routeId);
    const flags = flagsForStage(change.stage, change.percent);
    const primary = manager.create(FlagRecord, { name: routeFlagName(change.routeId), ...flags.primary, updatedAt: at });
    const shadow = manager.create(FlagRecord, { name: shadowFlagName(change.routeId), enabled: flags.shadow, rollout: 100, updatedAt: at });
    await manager.save(FlagRecord, [primary, shadow]);
    written.push(primary, shadow);
    const to = stageFromFlags(primary, shadow);
    await manager.insert(FlagAuditRecord, {
      at,
      actor: change.actor,
      sourceAddress: change.sourceAddress ?? null,
      routeId: change.routeId,
      flags: `${primary.name},${shadow.name}`,
      fromStage: describeStage(from),
      toStage: describeStage(to),
      reason: change.reason ?? null,
      requestId: change.requestId ?? null,
    });
    return { routeId: change.routeId, from, to, at };
  }

  private async writeFence(change: FenceChange): Promise<void> {
    const at = new Date().toISOString();
    const label = (fenced: boolean) => (fenced ? "fenced" : "open");
    const written = await this.dataSource.transaction(async (manager) => {
      const records: FlagRecord[] = [];
      for (const routeId of change.routeIds) {
        const from = this.isFenced(routeId);
        const record = manager.create(FlagRecord, { name: fenceFlagName(routeId), enabled: change.fenced, rollout: 100, updatedAt: at });
        await manager.save(FlagRecord, record);
        records.push(record);
        await manager.insert(FlagAuditRecord, {
          at,
          actor: change.actor,
          sourceAddress: change.sourceAddress ?? null,
          routeId,
          flags: record.name,
          fromStage: label(from),
          toStage: label(change.fenced),
          reason: change.reason ?? null,
          requestId: change.requestId ?? null,
        });
      }
      return records;
    });
    for (const flag of written) this.flags.set(flag.name, flag);
    this.rebuildSnapshot();
    this.logger.info(change.fenced ? "routes fenced" : "routes opened", { routeIds: change.routeIds, at, actor: change.actor, reason: change.reason });
    for (const listener of this.listeners) listener(this.snapshotCache);
  }

  private rebuildSnapshot(): void {
    const features = [...this.flags.values()].sort((a, b) => a.name.localeCompare(b.name)).map(toClientFeature);
    const body = JSON.stringify({ version: 2, features });
    const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
    this.snapshotCache = { body, etag };
  }
}
