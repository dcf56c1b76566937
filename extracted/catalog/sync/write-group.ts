/** The proxy route group of the catalog's write routes (strangler.config.json, `"writes": true`). */
export const WRITE_GROUP = "catalog-writes";

/** The tables whose writes move with the group, named alike in both databases. */
export const MOVED_TABLES: readonly string[] = ["categories", "products"];
