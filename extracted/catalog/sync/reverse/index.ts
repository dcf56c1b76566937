/** Reverse sync (catalog → monolith), for when the catalog's write routes move: see docs/catalog.md, "Reverse sync". */

/** Starts the catalog's relay and the consumer into the monolith. */
export { startReverseSync } from "./start-reverse-sync";
export type { StartReverseSyncOptions, RunningReverseSync } from "./start-reverse-sync";
/** Opens monolith.sqlite as the target and migrates the reverse sync's consumer tables there. */
export { openMonolithTarget } from "./monolith-target";
/** The mapping catalog rows → monolith rows, and its pure row functions. */
export { reverseMapping } from "./reverse-mapping";
export { monolithCategoryRow, monolithProductRow } from "./monolith-rows-of";
/** Names of the reverse stream's source, its durable consumer and the origin it never applies. */
export { REVERSE_SOURCE, REVERSE_DURABLE, MONOLITH_ORIGIN } from "./reverse-names";
