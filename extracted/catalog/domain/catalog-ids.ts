import { createHash } from "node:crypto";

/** Namespace of the catalog's name-based ids. */
const NAMESPACE = "strangler.catalog";

/**
 * The catalog's own id of a row that came from the monolith: a name-based UUID (version 5 layout,
 * SHA-1) of the kind and the legacy id. Deterministic, so the backfill, the live consumer and a
 * repair all give a row the same id, and verify can compute the expected row without the database.
 */
export function catalogId(kind: "category" | "product", legacyId: number): string {
  const bytes = createHash("sha1").update(`${NAMESPACE}:${kind}:${legacyId}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
