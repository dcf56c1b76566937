import type { EntityManager } from "typeorm";
import { runSql } from "./sql-text";

/**
 * Inside a service's write transaction (a database with capture v3): the changes it makes carry
 * `requestId` (the HTTP request's `x-request-id`) in the change log, and from there in their change
 * events. Pass null before commit, as with `setCaptureOrigin`: a committed context never holds one,
 * so a later writer that sets nothing logs none. SQLite has one writer at a time, so no other
 * writer ever sees the value. Throws on a database without v3 (no `request_id` column).
 */
export async function setCaptureRequestId(tx: EntityManager, requestId: string | null): Promise<void> {
  if (tx.connection.options.type === "postgres") await tx.query(`SELECT set_config('strangler.request_id', $1, true)`, [requestId ?? ""]);
  else await runSql(tx, `UPDATE "_strangler_capture_context" SET "request_id" = ? WHERE "id" = 1`, [requestId]);
}
