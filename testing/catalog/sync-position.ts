import type { DataSource } from "typeorm";
import { changeLogLayoutOf, runSql } from "../../cdc";
import type { SyncStatus } from "../../contracts";
import { waitUntil } from "../proxy";

/**
 * Highest change-log position of the catalog tables in the monolith (SQLite or PostgreSQL): what
 * the catalog must reach.
 */
export async function catalogChangePosition(monolith: DataSource): Promise<number> {
  const [row] = await runSql<Array<{ position: number | string | null }>>(
    monolith,
    `SELECT MAX("position") AS "position" FROM ${changeLogLayoutOf(monolith).changes} WHERE "table_name" IN ('categories', 'products')`,
  );
  // PostgreSQL answers the bigint position as a string.
  return Number(row?.position ?? 0);
}

/** The catalog's sync status, read by URL as the proxy and the CLI do. */
export async function readSyncStatus(catalogUrl: string): Promise<SyncStatus> {
  const response = await fetch(`${catalogUrl}/internal/sync/status`);
  return (await response.json()) as SyncStatus;
}

/**
 * Waits until the catalog's consumer has applied the change at `position` (its lastAppliedPosition
 * reaches it), by polling `GET /internal/sync/status`: the sync position, never a sleep.
 */
export async function waitForSyncPosition(catalogUrl: string, position: number, timeoutMs = 10_000): Promise<void> {
  await waitUntil(async () => (await readSyncStatus(catalogUrl)).streams.some((stream) => stream.lastAppliedPosition >= position), timeoutMs, 20);
}

/**
 * Waits until the consumer has taken everything the relay published up to `position` (applied or
 * skipped as already in the backfill): the relay acked it, the consumer proved it (a position mark
 * at or above it passed its ack floor: appliedThroughPosition) and its backlog is empty, so no mark
 * covering it is still on its way either.
 */
export async function waitForCatchUp(catalogUrl: string, relay: { status(): Promise<{ lastAckedPosition: number }> }, position: number, timeoutMs = 30_000): Promise<void> {
  await waitUntil(
    async () =>
      (await relay.status()).lastAckedPosition >= position &&
      (await readSyncStatus(catalogUrl)).streams.some((stream) => stream.backlog === 0 && (stream.appliedThroughPosition ?? -1) >= position),
    timeoutMs,
    20,
  );
}
