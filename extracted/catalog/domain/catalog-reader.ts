import type { DataSource } from "typeorm";
import { Category } from "./category.entity";
import { Product } from "./product.entity";

export type ProductOrder = "legacyId" | "priceMinor" | "name";

/** Filters and order of a product search, in the catalog's own terms. */
export interface ProductSearch {
  categoryLegacyId?: number;
  /** Case-insensitive substring of name, SKU or description; `%` and `_` match literally. */
  text?: string;
  active?: boolean;
  order: ProductOrder;
  descending: boolean;
  offset: number;
  limit: number;
}

/** Escapes LIKE wildcards so the text matches literally. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Read side of the catalog: searches and single rows by legacy id (writes: CatalogWriter and sync). */
export class CatalogReader {
  constructor(private readonly db: DataSource) {}

  async searchProducts(search: ProductSearch): Promise<{ products: Product[]; total: number }> {
    const builder = this.db.createQueryBuilder(Product, "product");
    if (search.categoryLegacyId !== undefined) builder.andWhere("product.categoryLegacyId = :category", { category: search.categoryLegacyId });
    if (search.active !== undefined) builder.andWhere("product.active = :active", { active: search.active });
    if (search.text) {
      builder.andWhere(
        "(LOWER(product.name) LIKE :pattern ESCAPE '\\' OR LOWER(product.sku) LIKE :pattern ESCAPE '\\' OR LOWER(product.description) LIKE :pattern ESCAPE '\\')",
        { pattern: likePattern(search.text) },
      );
    }
    builder.orderBy(`product.${search.order}`, search.descending ? "DESC" : "ASC");
    if (search.order !== "legacyId") builder.addOrderBy("product.legacyId", "ASC");
    builder.skip(search.offset).take(search.limit);
    const [products, total] = await builder.getManyAndCount();
    return { products, total };
  }

  productByLegacyId(legacyId: number): Promise<Product | null> {
    return this.db.getRepository(Product).findOneBy({ legacyId });
  }

  categories(): Promise<Category[]> {
    return this.db.getRepository(Category).find({ order: { legacyId: "ASC" } });
  }

  categoryByLegacyId(legacyId: number): Promise<Category | null> {
    return this.db.getRepository(Category).findOneBy({ legacyId });
  }
}
