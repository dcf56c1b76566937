import { createHash } from "node:crypto";
import { join } from "node:path";
import type { DataSource, EntityManager } from "typeorm";
import { makePrivateDir, openMigrated, sqliteDataSource, type Logger } from "../../../platform";
import type { StageName } from "../../config/schema";
import { fenceFlagName, routeFlagName, routeIdOfFenceFlag, shadowFlagName } from "../flag-names";
import { describeStage, flagsForStage, stageFromFlags, type RouteStage } from "../route-stage";
import {
  decideFence,
  decideLift,
  expiryPlan,
  isLive,
  orphanFencePlan,
  type FenceLease,
  type FencePlan,
  type FenceRequest,
  type LiftRequest,
} from "./fence-lease";
import { FenceLeaseRecord } from "./fence-lease.entity";
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
  /** How often the store looks for fence leases nobody renewed (default 250 ms). */
  leaseCheckIntervalMs?: number;
}

/** The answer to a fence request: the lease now held, or the live lease of another holder (nothing changed). */
export type FenceOutcome = { fenced: true; lease: FenceLease; renewed: boolean } | { fenced: false; heldBy: FenceLease };

/** The answer to a lift request: lifted, nothing to lift, or refused for the live lease of another holder. */
export type LiftOutcome = { lifted: true; lease: FenceLease | undefined } | { lifted: false; heldBy?: FenceLease };

/**
 * The embedded flag store: flags in `<dataDir>/flags.sqlite`, served to every proxy instance through
 * the Unleash client API. This process is the only writer, so the flags are cached in memory and the
 * features document is rebuilt after each committed change.
 */
export class FlagStore {
  private readonly flags = new Map<string, FlagRecord>();
  private readonly leases = new Map<string, FenceLease>();
  private readonly listeners: Array<(snapshot: FeaturesSnapshot) => void> = [];
  private snapshotCache: FeaturesSnapshot = { body: "", etag: "" };
  private writes: Promise<unknown> = Promise.resolve();
  private expiryTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {}

  /**
   * Opens (and migrates) `flags.sqlite`, lifts every fence whose lease expired while no host ran
   * and every fence flag left on without a lease, then checks for expired leases every
   * `leaseCheckIntervalMs` until `close()`.
   */
  static async open(options: FlagStoreOptions): Promise<FlagStore> {
    makePrivateDir(options.dataDir);
    const dataSource = sqliteDataSource(join(options.dataDir, "flags.sqlite"), {
      entities: [FlagRecord, FlagAuditRecord, FenceLeaseRecord],
      migrations: flagMigrations,
    });
    await openMigrated(dataSource);
    const store = new FlagStore(dataSource, options.logger);
    for (const flag of await dataSource.getRepository(FlagRecord).find()) store.flags.set(flag.name, flag);
    for (const row of await dataSource.getRepository(FenceLeaseRecord).find()) store.leases.set(row.group, leaseFromRecord(row));
    store.rebuildSnapshot();
    try {
      await store.liftOrphanFences();
      await store.liftExpiredLeases();
    } catch (err) {
      await dataSource.destroy();
      throw err;
    }
    store.expiryTimer = setInterval(() => {
      store.liftExpiredLeases().catch((err: unknown) => store.logger.error("cannot lift expired fence leases", { error: (err as Error).message }));
    }, options.leaseCheckIntervalMs ?? 250);
    store.expiryTimer.unref();
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

  /** The fence lease of a group, if it is fenced (possibly expired and about to be lifted). */
  leaseOf(group: string): FenceLease | undefined {
    return this.leases.get(group);
  }

  /** The fence lease a route is fenced under, if any. */
  leaseOfRoute(routeId: string): FenceLease | undefined {
    for (const lease of this.leases.values()) if (lease.routeIds.includes(routeId)) return lease;
    return undefined;
  }

  /**
   * Fences a group's routes under a lease, or renews the lease of the same holder: while fenced, every
   * proxy instance answers them with 503 + Retry-After instead of forwarding (the switch window of a
   * cut-over). A live lease of another holder refuses and changes nothing.
   */
  fenceGroup(request: FenceRequest): Promise<FenceOutcome> {
    return this.serialised(async () => {
      const decision = decideFence(this.leases.get(request.group), request, Date.now());
      if ("held" in decision) return { fenced: false, heldBy: decision.held };
      await this.commitFence(decision.plan);
      return { fenced: true, lease: decision.lease, renewed: decision.renewed };
    });
  }

  /** Lifts a group's fence: its holder, or an operator without a holder. Refused (nothing changed) for another holder's live lease. */
  liftFence(request: LiftRequest): Promise<LiftOutcome> {
    return this.serialised(async () => {
      const existing = this.leases.get(request.group);
      const decision = decideLift(existing, request, request.routeIds.filter((id) => this.isFenced(id)), Date.now());
      if ("held" in decision) return { lifted: false, heldBy: decision.held };
      if (!decision.plan) return { lifted: false };
      await this.commitFence(decision.plan);
      return { lifted: true, lease: existing };
    });
  }

  /** Lifts every fence whose lease was not renewed before it expired (run by the store's timer); returns how many. */
  liftExpiredLeases(): Promise<number> {
    const due = (now: number) => [...this.leases.values()].filter((lease) => !isLive(lease, now));
    if (due(Date.now()).length === 0) return Promise.resolve(0);
    return this.serialised(async () => {
      const now = Date.now();
      const expired = due(now);
      for (const lease of expired) await this.commitFence(expiryPlan(lease, now));
      return expired.length;
    });
  }

  /**
   * Changes several routes' stages together (a group), all or nothing. `guard` runs just before the
   * write, after every earlier write: it may throw to refuse (e.g. the caller must hold a fence lease).
   */
  setStages(changes: readonly StageChange[], guard?: () => void): Promise<AppliedChange[]> {
    return this.serialised(() => {
      guard?.();
      return this.write(changes);
    });
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
    clearInterval(this.expiryTimer);
    await this.writes;
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  /** Runs writes one after another, in call order; a failed one does not stop the next. */
  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const run = this.writes.then(work);
    this.writes = run.catch(() => undefined);
    return run;
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

  /** Fence flags that are on without a lease (left by a version without leases): nobody can renew them, so they are lifted. */
  private async liftOrphanFences(): Promise<void> {
    const leased = new Set([...this.leases.values()].flatMap((lease) => lease.routeIds));
    const orphans = [...this.flags.values()]
      .filter((flag) => flag.enabled)
      .map((flag) => routeIdOfFenceFlag(flag.name))
      .filter((routeId): routeId is string => routeId !== undefined && !leased.has(routeId));
    if (orphans.length > 0) await this.serialised(() => this.commitFence(orphanFencePlan(orphans)));
  }

  /** Writes a fence plan in one transaction: the fence flags that change, the lease row, the audit rows. */
  private async commitFence(plan: FencePlan): Promise<void> {
    const at = new Date().toISOString();
    const label = (fenced: boolean) => (fenced ? "fenced" : "open");
    const written = await this.dataSource.transaction(async (manager) => {
      const records: FlagRecord[] = [];
      for (const routeId of plan.routeIds) {
        const from = this.isFenced(routeId);
        const changes = from !== plan.fenced || !this.flags.has(fenceFlagName(routeId));
        if (changes) {
          const record = manager.create(FlagRecord, { name: fenceFlagName(routeId), enabled: plan.fenced, rollout: 100, updatedAt: at });
          await manager.save(FlagRecord, record);
          records.push(record);
        }
        if (from === plan.fenced && !plan.auditUnchanged) continue;
        await manager.insert(FlagAuditRecord, {
          at,
          actor: plan.audit.actor,
          sourceAddress: plan.audit.sourceAddress ?? null,
          routeId,
          flags: fenceFlagName(routeId),
          fromStage: label(from),
          toStage: label(plan.fenced),
          reason: plan.audit.reason,
          requestId: plan.audit.requestId ?? null,
        });
      }
      if (plan.lease && "save" in plan.lease) await manager.save(FenceLeaseRecord, recordFromLease(manager, plan.lease.save));
      if (plan.lease && "remove" in plan.lease) await manager.delete(FenceLeaseRecord, { group: plan.lease.remove });
      return records;
    });
    if (plan.lease && "save" in plan.lease) this.leases.set(plan.lease.save.group, plan.lease.save);
    if (plan.lease && "remove" in plan.lease) this.leases.delete(plan.lease.remove);
    if (plan.log.level === "warn") this.logger.warn(plan.log.message, plan.log.fields);
    else if (plan.log.level === "info") this.logger.info(plan.log.message, plan.log.fields);
    else this.logger.debug(plan.log.message, plan.log.fields);
    if (written.length === 0) return;
    for (const flag of written) this.flags.set(flag.name, flag);
    this.rebuildSnapshot();
    for (const listener of this.listeners) listener(this.snapshotCache);
  }

  private rebuildSnapshot(): void {
    const features = [...this.flags.values()].sort((a, b) => a.name.localeCompare(b.name)).map(toClientFeature);
    const body = JSON.stringify({ version: 2, features });
    const etag = `"${createHash("sha1").update(body).digest("base64url")}"`;
    this.snapshotCache = { body, etag };
  }
}

function leaseFromRecord(row: FenceLeaseRecord): FenceLease {
  return {
    group: row.group,
    holder: row.holder,
    reason: row.reason,
    routeIds: row.routeIds.split(",").filter(Boolean),
    fencedAt: row.fencedAt,
    renewedAt: row.renewedAt,
    expiresAt: row.expiresAt,
  };
}

function recordFromLease(manager: EntityManager, lease: FenceLease): FenceLeaseRecord {
  return manager.create(FenceLeaseRecord, { ...lease, routeIds: lease.routeIds.join(",") });
}
