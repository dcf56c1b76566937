/** Source name of the catalog database in change events, and the origin of the catalog's own writes. */
export const REVERSE_SOURCE = "catalog";
/** Durable consumer of the stream `CDC_CATALOG` into the monolith's database. */
export const REVERSE_DURABLE = "monolith-from-catalog";
/** The monolith's origin: its changes came to the catalog by forward sync and are never sent back. */
export const MONOLITH_ORIGIN = "monolith";
