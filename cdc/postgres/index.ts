/**
 * Everything the toolkit keeps inside a PostgreSQL database: change capture (frozen versioned SQL
 * in the schema `strangler`: v1 numbers in commit order, v2 in blocks read up to a safe horizon) and
 * its install and upgrade helpers. The relay reads
 * the log through the same SqlChangeLog as SQLite's (the layout differs).
 */
export { pgCaptureV1, pgCaptureShapeV1, installPgCaptureV1, uninstallPgCaptureV1, pgTableName, PG_CAPTURE_SCHEMA, PG_CAPTURE_TRIGGERS } from "./pg-capture-v1";
export type { PgCaptureOptions, PgCapturedTableShape } from "./pg-capture-v1";
export {
  pgCaptureV2,
  installPgCaptureV2,
  upgradePgCaptureV1ToV2,
  downgradePgCaptureV2ToV1,
  pgCaptureVersion,
  PG_POSITION_BLOCK,
  PG_POSITION_BLOCK_BITS,
  PG_CAPTURE_V2_TRIGGERS,
} from "./pg-capture-v2";
export { pgSafeHead } from "./pg-horizon";
export { PG_CHANGE_LOG_LAYOUT } from "./pg-change-log-layout";
export { pgWriteFenceV1, installPgWriteFenceV1, uninstallPgWriteFenceV1, PG_WRITE_FENCE_TABLE } from "./pg-write-fence-v1";
export { keepSerialAhead } from "./serial-sequence";
export { initPgOwnershipV1 } from "./pg-ownership-v1";
