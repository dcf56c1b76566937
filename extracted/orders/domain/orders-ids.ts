import { createHash } from "node:crypto";

/** The shop sells in US dollars only; its cents are this currency's minor units. */
export const SHOP_CURRENCY = "USD";

/**
 * The orders service's own id of a row that came from the monolith: a name-based UUID (RFC 9562
 * version 5 layout) of `orders:<kind>:<legacy id>`. Deterministic, so the backfill, the consumer,
 * a repair and verify all agree on it without reading the database.
 */
export function ordersId(kind: "order" | "line", legacyId: number): string {
  const digest = createHash("sha1").update(`orders:${kind}:${legacyId}`).digest();
  digest[6] = 0x50 | (digest[6] & 0x0f);
  digest[8] = 0x80 | (digest[8] & 0x3f);
  const hex = digest.toString("hex", 0, 16);
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join("-");
}
