import { createHash } from "node:crypto";
import type { DataSource } from "typeorm";
import { runSql } from "../../../cdc";

/** The shop's hash of a session token (SHA-256, hex): its `sessions.token_hash`, restated here, never imported. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/**
 * The customer a live session token belongs to, from the replica of the shop's sessions: the same
 * rule as the monolith (a row with the token's hash whose `expires_at` is after now), so an
 * unknown, expired or logged-out token is refused alike. `now` is an ISO-8601 UTC instant.
 */
export async function customerIdForToken(db: DataSource, token: string, now: string = new Date().toISOString()): Promise<number | undefined> {
  const rows = await runSql<Array<{ customer_legacy_id: number; expires_at: string }>>(
    db,
    `SELECT "customer_legacy_id", "expires_at" FROM "customer_sessions" WHERE "token_hash" = ? ORDER BY "legacy_id" LIMIT 1`,
    [tokenHash(token)],
  );
  const session = rows[0];
  if (!session || session.expires_at <= now) return undefined;
  return Number(session.customer_legacy_id);
}
