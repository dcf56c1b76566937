/**
 * Verify: compares a source and its target through the mapping and reports drift per key;
 * repair re-syncs just the drifted keys (see docs/catalog.md, "Verify and repair").
 */

/** Compare both sides in key order; the report lists each drifted key. */
export { verify } from "./verify";
export type { VerifyOptions, VerifyReport } from "./verify";
/** Re-sync the drifted keys from the source through the mapping. */
export { repair } from "./repair";
export type { RepairOptions, RepairedKey } from "./repair";
/** How one table is compared: its key, the pure expected-row function, the target reader. */
export type { VerifiedTable, KeyedRow } from "./verified-table";
/** Drift records and their one-line description. */
export { diffRows, describeDrift } from "./drift";
export type { Drift, FieldDrift } from "./drift";
