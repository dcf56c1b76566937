/** Consumer: idempotent, per-row ordered apply of changes to a target database, with parking. */
export { ChangeConsumer } from "./change-consumer";
export type { ConsumerStatus } from "./change-consumer";
export type { ConsumerOptions, ConsumerHooks } from "./consumer-options";
export { SqlTargetStore } from "./sql-target-store";
export type { SqlTargetStoreOptions } from "./sql-target-store";
export { defineMapping, tableMapping } from "./mapping";
export type { Mapping, TableMapping } from "./mapping";
