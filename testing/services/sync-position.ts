import type { DataSource } from "typeorm";
import { changeLogLayoutOf, runSql } from "../../cdc";
import type { SyncStatus } from "../../contracts";
import { waitUntil } from "../proxy";

/** Highest change-log position of `tables` in a captured database (the monolith, on SQLite or PostgreSQL): what a service must reach. */
export async function changePosition(db: DataSource, tables: readonly string[]): Promise<number> {
  const [row] = await runSql<Array<{ position: number | string | null }>>(
    db,
    `SELECT MAX("position") AS "position" FROM ${changeLogLayoutOf(db).changes} WHERE "table_name" IN (${tables.map(() => "?").join(", ")})`,
    [...tables],
  );
  // PostgreSQL answers the bigint position as a string.
  return Number(row?.position ?? 0);
}

/** A service's sync status, read by URL as the proxy and the CLI do (contracts/sync-status.ts). */
export async function serviceSyncStatus(serviceUrl: string): Promise<SyncStatus> {
  const response = await fetch(`${serviceUrl}/internal/sync/status`);
  return (await response.json()) as SyncStatus;
}

/**
 * Waits until a service's forward consumer has taken everything the relay published up to
 * `position` (the relay acked it, and the consumer applied it or holds no backlog): the sync
 * position, never a sleep. Generic over the service (by URL).
 */
export async function waitForServiceCatchUp(serviceUrl: string, relay: { status(): Promise<{ lastAckedPosition: number }> }, position: number, timeoutMs = 20_000): Promise<void> {
  await waitUntil(
    async () =>
      (await relay.status()).lastAckedPosition >= position &&
      (await serviceSyncStatus(serviceUrl)).streams.some((stream) => stream.stream === "CDC_MONOLITH" && (stream.lastAppliedPosition >= position || stream.backlog === 0)),
    timeoutMs,
    10,
  );
}
