import { randomUUID } from "node:crypto";
import type { DataSource } from "typeorm";
import { CUTOVER_LEASE_TABLE } from "../sqlite/ownership-tables-v1";
import { runSql, runSqlCounting } from "../sqlite/sql-text";
import type { Owner } from "./owner";
import type { HeldLease } from "./ownership-store";

/** The lease of whoever is changing a group's ownership now (a cut-over, or the keeper settling one). */
export interface CutoverLease extends HeldLease {
  from: Owner;
  to: Owner;
  reason: string | null;
  startedAt: string;
  expiresAt: string;
  /** The last step its holder reported. */
  step: string | null;
}

interface LeaseRow {
  write_group: string;
  lease_id: string;
  holder: string;
  from_owner: Owner;
  to_owner: Owner;
  reason: string | null;
  started_at: string;
  expires_at: string;
  step: string | null;
}

const later = (ms: number): string => new Date(Date.now() + ms).toISOString();

/** True when `lease` was not renewed in time: its holder is presumed dead, anyone may take it over. */
export const leaseExpired = (lease: Pick<CutoverLease, "expiresAt">, now = Date.now()): boolean => Date.parse(lease.expiresAt) <= now;

/**
 * Cut-over leases in the service's database, one row per group at most. Every change is one
 * conditional statement, so two processes never both believe they hold a group's lease.
 */
export class CutoverLeaseStore {
  constructor(private readonly db: DataSource) {}

  async read(group: string): Promise<CutoverLease | null> {
    const rows = await runSql<LeaseRow[]>(this.db, `SELECT * FROM "${CUTOVER_LEASE_TABLE}" WHERE "write_group" = ?`, [group]);
    const row = rows[0];
    if (!row) return null;
    return {
      group: row.write_group,
      leaseId: row.lease_id,
      holder: row.holder,
      from: row.from_owner,
      to: row.to_owner,
      reason: row.reason,
      startedAt: row.started_at,
      expiresAt: row.expires_at,
      step: row.step,
    };
  }

  /** Takes a new lease when the group has none; resolves null when somebody has one (live or expired). */
  async acquire(input: { group: string; holder: string; from: Owner; to: Owner; reason: string; leaseMs: number }): Promise<HeldLease | null> {
    const leaseId = randomUUID();
    await runSql(
      this.db,
      `INSERT INTO "${CUTOVER_LEASE_TABLE}" ("write_group", "lease_id", "holder", "from_owner", "to_owner", "reason", "started_at", "expires_at", "step")
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT ("write_group") DO NOTHING`,
      [input.group, leaseId, input.holder, input.from, input.to, input.reason, new Date().toISOString(), later(input.leaseMs)],
    );
    const stored = await this.read(input.group);
    return stored && stored.leaseId === leaseId ? { group: input.group, leaseId, holder: input.holder } : null;
  }

  /** Takes over an expired lease, keeping its id (the proxy fence it holds is the lease's); null when it is live or gone. */
  async takeOver(lease: HeldLease, holder: string, leaseMs: number): Promise<HeldLease | null> {
    const changed = await runSqlCounting(
      this.db,
      `UPDATE "${CUTOVER_LEASE_TABLE}" SET "holder" = ?, "expires_at" = ? WHERE "write_group" = ? AND "lease_id" = ? AND "expires_at" <= ?`,
      [holder, later(leaseMs), lease.group, lease.leaseId, new Date().toISOString()],
    );
    return changed === 1 ? { group: lease.group, leaseId: lease.leaseId, holder } : null;
  }

  /** Extends a live lease; false when it expired (or was taken over) meanwhile: the holder must stop. */
  async renew(lease: HeldLease, leaseMs: number, step?: string): Promise<boolean> {
    const changed = await runSqlCounting(
      this.db,
      `UPDATE "${CUTOVER_LEASE_TABLE}" SET "expires_at" = ?${step === undefined ? "" : `, "step" = ?`}
         WHERE "write_group" = ? AND "lease_id" = ? AND "holder" = ? AND "expires_at" > ?`,
      [later(leaseMs), ...(step === undefined ? [] : [step]), lease.group, lease.leaseId, lease.holder, new Date().toISOString()],
    );
    return changed === 1;
  }

  /** Ends a lease its holder still holds; false when it was not theirs any more. */
  async release(lease: HeldLease): Promise<boolean> {
    const changed = await runSqlCounting(this.db, `DELETE FROM "${CUTOVER_LEASE_TABLE}" WHERE "write_group" = ? AND "lease_id" = ? AND "holder" = ?`, [
      lease.group,
      lease.leaseId,
      lease.holder,
    ]);
    return changed === 1;
  }
}
