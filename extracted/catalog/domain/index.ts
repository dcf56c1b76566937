import { Category } from "./category.entity";
import { Product } from "./product.entity";

/** The catalog's own model. */
export { Category, Product };
export { catalogId } from "./catalog-ids";
export { SHOP_CURRENCY } from "./currency";
export { CatalogReader } from "./catalog-reader";
export type { ProductSearch, ProductOrder } from "./catalog-reader";

/** Every entity of the catalog database. */
export const catalogEntities = [Category, Product];
