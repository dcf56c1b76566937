import { Category } from "./category.entity";
import { Product } from "./product.entity";

/** The catalog's own model. */
export { Category, Product };
export { catalogId } from "./catalog-ids";
export { SHOP_CURRENCY } from "./currency";
export { CatalogReader } from "./catalog-reader";
export type { ProductSearch, ProductOrder } from "./catalog-reader";
export { CatalogWriter } from "./catalog-writer";
export type { NewCategory, NewProduct, WriteContext } from "./catalog-writer";
export { nextLegacyId, retireLegacyId } from "./legacy-ids";
export type { LegacyIdTable } from "./legacy-ids";
export { markOrdered, isOrdered } from "./ordered-products";

/** Every entity of the catalog database. */
export const catalogEntities = [Category, Product];
