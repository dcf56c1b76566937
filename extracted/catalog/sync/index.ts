import { catalogSync } from "./catalog-sync";
/** The catalog's sync, as the service kit runs it (service-kit/sync): the definition and what it is made of. */
export { catalogSync } from "./catalog-sync";
/** Monolith → catalog: the mapping and its pure row functions, the backfilled and verified tables. */
export { catalogMapping } from "./catalog-mapping";
export { catalogCategoryRow, catalogProductRow } from "./catalog-rows";
export type { CatalogCategoryRow, CatalogProductRow } from "./catalog-rows";
export { BACKFILL_TABLES, VERIFIED_TABLES } from "./catalog-tables";
/** Catalog → monolith (reverse sync, once the catalog owns the writes): see docs/catalog.md, "Reverse sync". */
export { reverseMapping, monolithCategoryRow, monolithProductRow } from "./reverse";
/** The write group and its moved tables. */
export { WRITE_GROUP, MOVED_TABLES } from "./write-group";
