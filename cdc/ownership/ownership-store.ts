import type { DataSource } from "typeorm";
import { CUTOVER_LEASE_TABLE, OWNERSHIP_TABLE } from "../sqlite/ownership-tables-v1";
import { runSql, runSqlCounting } from "../sqlite/sql-text";
import { CDC_ERROR_CODES, CdcError } from "../core/errors";
import { isOwner, type Owner } from "./owner";

/** The record of who owns a write group (one row per group in the service's database). */
export interface OwnershipRecord {
  group: string;
  owner: Owner;
  /** Counts ownership changes: 0 at the start, +1 at each committed cut-over. */
  epoch: number;
  changedAt: string;
  reason: string | null;
}

/** A lease as held by a process: the lease id and who holds it now. */
export interface HeldLease {
  group: string;
  leaseId: string;
  holder: string;
}

interface OwnershipRow {
  write_group: string;
  owner: string;
  epoch: number | string;
  changed_at: string;
  reason: string | null;
}

/**
 * The ownership record, in the service's database: the one place that says who owns a write group.
 * Changed only by `commit`, atomically with a check that the caller still holds the group's live
 * cut-over lease (a single statement), so a cut-over whose lease expired can never flip it.
 */
export class OwnershipStore {
  constructor(private readonly db: DataSource) {}

  async read(group: string): Promise<OwnershipRecord | null> {
    const rows = await this.query<OwnershipRow[]>(`SELECT "write_group", "owner", "epoch", "changed_at", "reason" FROM "${OWNERSHIP_TABLE}" WHERE "write_group" = ?`, [group]);
    if (rows.length === 0) return null;
    const row = rows[0];
    if (!isOwner(row.owner)) throw new CdcError(CDC_ERROR_CODES.ownership, `The ownership record of ${group} names "${row.owner}": expected monolith or service.`);
    return { group: row.write_group, owner: row.owner, epoch: Number(row.epoch), changedAt: row.changed_at, reason: row.reason };
  }

  /** Creates the group's record with `owner` unless one exists; resolves with the record. */
  async create(group: string, owner: Owner, reason: string): Promise<OwnershipRecord> {
    await runSql(
      this.db,
      `INSERT INTO "${OWNERSHIP_TABLE}" ("write_group", "owner", "epoch", "changed_at", "reason") VALUES (?, ?, 0, ?, ?) ON CONFLICT ("write_group") DO NOTHING`,
      [group, owner, new Date().toISOString(), reason],
    );
    return (await this.read(group))!;
  }

  /**
   * The commit point of a cut-over: `to` owns the group from now on — only if `lease` is still the
   * group's live lease (id and holder, not expired). Resolves false, changing nothing, otherwise.
   */
  async commit(lease: HeldLease, to: Owner, reason: string): Promise<boolean> {
    const now = new Date().toISOString();
    const changed = await runSqlCounting(
      this.db,
      `UPDATE "${OWNERSHIP_TABLE}" SET "owner" = ?, "epoch" = "epoch" + 1, "changed_at" = ?, "reason" = ?
         WHERE "write_group" = ? AND EXISTS (SELECT 1 FROM "${CUTOVER_LEASE_TABLE}" WHERE "write_group" = ? AND "lease_id" = ? AND "holder" = ? AND "expires_at" > ?)`,
      [to, now, reason, lease.group, lease.group, lease.leaseId, lease.holder, now],
    );
    return changed === 1;
  }

  private query<T>(sql: string, parameters: unknown[]): Promise<T> {
    return runSql<T>(this.db, sql, parameters).catch((err: unknown) => {
      throw new CdcError(CDC_ERROR_CODES.notInstalled, `This database has no ownership tables: run the service's migrations (installOwnershipTablesV1). (${(err as Error).message})`, { cause: err });
    });
  }
}
