import type { EntityManager } from "typeorm";
import { runSql } from "./sql-text";

/**
 * Inside a sync applier's write transaction: marks the changes it makes as coming from `origin`,
 * so the capture triggers log them with that origin (the ping-pong guard of two-way sync). Pass
 * null before commit to restore the default (the database's own name). SQLite has one writer at a
 * time, so no other writer ever sees the value.
 */
export async function setCaptureOrigin(tx: EntityManager, origin: string | null): Promise<void> {
  // PostgreSQL (pg-capture-v1, pg-write-fence-v1): a setting local to the transaction, read by the triggers.
  if (tx.connection.options.type === "postgres") await tx.query(`SELECT set_config('strangler.origin', $1, true)`, [origin ?? ""]);
  else await runSql(tx, `UPDATE "_strangler_capture_context" SET "origin" = ? WHERE "id" = 1`, [origin]);
}
