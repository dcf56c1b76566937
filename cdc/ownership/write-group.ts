import { readWriteFence, liftWriteFence, setWriteFence, OWNERSHIP_FENCE_HOLDER } from "../sqlite/write-fence";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import { CutoverLeaseStore } from "./cutover-lease-store";
import type { Owner } from "./owner";
import { OwnershipStore, type HeldLease, type OwnershipRecord } from "./ownership-store";
import type { ProxyControl } from "./proxy-control";
import type { OwnershipStatus } from "../../contracts";
import { leaseExpired } from "./cutover-lease-store";
import { describeSettleAction, planSettle, type GroupState, type SettleAction } from "./settle-plan";
import type { WritePath } from "./write-path";
import type { WriteSide } from "./write-side";

/** Lease length when none is given: a holder that stops renewing is presumed dead after this long. */
export const DEFAULT_LEASE_MS = 30_000;

export interface WriteGroupOptions {
  path: WritePath;
  /** The proxy's admin API; without it the proxy's part is neither read nor settled. */
  proxy?: ProxyControl | null;
  /** Length of the leases this process takes (default 30 s). */
  leaseMs?: number;
}

/**
 * One write group's ownership, as the cut-over and the keeper drive it: the ownership record and
 * the cut-over lease (in the service's database), the write fences of both databases, and the
 * proxy's fence and routing. `settle` makes all of them agree with the record.
 */
export class WriteGroup {
  readonly name: string;
  readonly ownership: OwnershipStore;
  readonly leases: CutoverLeaseStore;
  readonly proxy: ProxyControl | null;
  readonly leaseMs: number;

  constructor(readonly path: WritePath, options: Omit<WriteGroupOptions, "path"> = {}) {
    this.name = path.writeGroup;
    this.ownership = new OwnershipStore(path.sides.service.db);
    this.leases = new CutoverLeaseStore(path.sides.service.db);
    this.proxy = options.proxy ?? null;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  }

  side(owner: Owner): WriteSide {
    return this.path.sides[owner];
  }

  /**
   * The group's ownership record; created on first use: the monolith owns a new group. A database
   * migrated from before ownership records has its owner inferred from the fences a finished
   * cut-over left (the monolith's tables fenced and the service's open: the service owns them).
   */
  async record(): Promise<OwnershipRecord> {
    const stored = await this.ownership.read(this.name);
    if (stored) return stored;
    const monolith = await this.fencedTables("monolith");
    const service = await this.fencedTables("service");
    const serviceOwns = this.side("monolith").tables.every((table) => monolith.has(table)) && service.size === 0;
    return this.ownership.create(
      this.name,
      serviceOwns ? "service" : "monolith",
      serviceOwns ? "inferred from the write fences left by an earlier cut-over" : "initial: the monolith owns its tables",
    );
  }

  /** The moved tables of `side` that have a fence row now. */
  async fencedTables(side: Owner): Promise<Set<string>> {
    const tables = this.side(side).tables;
    return new Set((await readWriteFence(this.side(side).db)).filter((row) => tables.includes(row.table)).map((row) => row.table));
  }

  async isFenced(side: Owner): Promise<boolean> {
    const fenced = await this.fencedTables(side);
    return this.side(side).tables.every((table) => fenced.has(table));
  }

  /** Fences `side`'s moved tables for `holder` (a lease id, or the ownership holder). */
  fence(side: Owner, holder: string, reason: string): Promise<void> {
    return setWriteFence(this.side(side).db, this.side(side).tables, reason, holder);
  }

  /** Lifts `side`'s fence rows that `holder` holds; rows held by anyone else stay. */
  async open(side: Owner, holder: string | null): Promise<number> {
    return liftWriteFence(this.side(side).db, this.side(side).tables, { onlyHolder: holder });
  }

  /**
   * Everything that decides whether the group agrees with its owner (see planSettle). With
   * `{ proxy: false }` the proxy is not asked (its view is then null: nothing about it is planned).
   */
  async state(options: { proxy?: boolean } = {}): Promise<GroupState> {
    const record = await this.record();
    const rowsOf = async (side: Owner) => {
      const tables = this.side(side).tables;
      return { tables, rows: (await readWriteFence(this.side(side).db)).filter((row) => tables.includes(row.table)) };
    };
    return {
      group: this.name,
      owner: record.owner,
      epoch: record.epoch,
      lease: await this.leases.read(this.name),
      sides: { monolith: await rowsOf("monolith"), service: await rowsOf("service") },
      proxy: this.proxy && options.proxy !== false ? await this.proxyView(options.proxy === true) : null,
    };
  }

  /** The proxy's view of the group; null when it cannot be reached, unless `required` (then the error). */
  private async proxyView(required: boolean) {
    try {
      return await this.proxy!.group(this.name);
    } catch (err) {
      if (required) throw err;
      return null;
    }
  }

  /** The group's ownership as the service's status endpoint reports it (contracts/sync-status.ts). */
  async status(): Promise<OwnershipStatus> {
    const record = await this.record();
    const lease = await this.leases.read(this.name);
    return {
      group: this.name,
      owner: record.owner,
      epoch: record.epoch,
      changedAt: record.changedAt,
      fenced: { monolith: [...(await this.fencedTables("monolith"))], service: [...(await this.fencedTables("service"))] },
      lease: lease && {
        holder: lease.holder,
        from: lease.from,
        to: lease.to,
        reason: lease.reason,
        startedAt: lease.startedAt,
        expiresAt: lease.expiresAt,
        step: lease.step,
        expired: leaseExpired(lease),
      },
    };
  }

  /**
   * Makes the group agree with its ownership record, holding `held` (renewed before each step, so
   * a holder that lost its lease stops): the non-owner fenced, the owner open, the proxy routing to
   * the owner, the lease's proxy fence lifted. Resolves with what it changed, in words. With
   * `requireProxy` an unreachable proxy fails it (a cut-over must not report routing it could not
   * check); otherwise the proxy's part waits for a later look.
   */
  async settle(held: HeldLease, options: { requireProxy?: boolean } = {}): Promise<string[]> {
    const state = await this.state({ proxy: options.requireProxy ? true : undefined });
    const done: string[] = [];
    for (const action of planSettle(state, held.leaseId)) {
      if (!(await this.leases.renew(held, this.leaseMs))) {
        throw new CdcError(CDC_ERROR_CODES.leaseLost, `lost the lease of ${this.name} while settling it (it expired or was taken over); the new holder settles it`);
      }
      await this.apply(action, state, held);
      done.push(describeSettleAction(this.name, action));
    }
    return done;
  }

  private async apply(action: SettleAction, state: GroupState, held: HeldLease): Promise<void> {
    const reason = `${state.owner} owns ${this.name} (epoch ${state.epoch})`;
    switch (action.kind) {
      case "fence":
        await setWriteFence(this.side(action.side).db, action.tables, reason, OWNERSHIP_FENCE_HOLDER);
        return;
      case "open":
        for (const holder of new Set(action.rows.map((row) => row.holder))) {
          const tables = action.rows.filter((row) => row.holder === holder).map((row) => row.table);
          await liftWriteFence(this.side(action.side).db, tables, { onlyHolder: holder });
        }
        return;
      case "route":
        await this.proxy!.fence(this.name, held.leaseId, this.leaseMs, `settle: ${reason}`);
        await this.proxy!.route(this.name, action.to, held.leaseId, `settle: ${reason}`);
        await this.proxy!.unfence(this.name, held.leaseId, `settle: ${reason}`);
        return;
      case "unfence-proxy":
        await this.proxy!.unfence(this.name, action.holder, `settle: ${reason}`);
        return;
    }
  }
}

