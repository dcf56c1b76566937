import type { EntityManager } from "typeorm";
import { Category, OrderLine, Product, StockLevel } from "../entities";
import { conflict, notFound, SHOP_ERROR_CODES, validationError } from "../errors";
import { offsetOf, type Page } from "../http/paging";
import type { ProductPageData } from "../http/product-page";
import type { CreateProductInput, ListProductsQuery, ProductSort, UpdateProductInput } from "../schemas/product.schema";
import { productView, type ProductView } from "../views/product.view";
import { nowIso } from "./clock";
import { isPostgres } from "./dialect";
import type { ShopDatabase } from "./shop-database";
import { isForeignKeyViolation, isUniqueViolation } from "./unique-violation";

const SORT_COLUMNS: Record<ProductSort, [keyof Product, "ASC" | "DESC"]> = {
  id: ["id", "ASC"],
  price: ["priceCents", "ASC"],
  "-price": ["priceCents", "DESC"],
  name: ["name", "ASC"],
  "-name": ["name", "DESC"],
};

/** Escapes LIKE wildcards so `q` matches literally. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Products of the catalog: search, read, create (with an empty stock level), change, delete. */
export class ProductService {
  constructor(private readonly db: ShopDatabase) {}

  list(query: ListProductsQuery): Promise<Page<ProductView>> {
    return this.db.read(async (manager) => {
      const builder = manager.createQueryBuilder(Product, "product");
      if (query.categoryId !== undefined) builder.andWhere("product.categoryId = :categoryId", { categoryId: query.categoryId });
      if (query.active !== undefined) builder.andWhere("product.active = :active", { active: query.active });
      if (query.q) {
        builder.andWhere(
          "(LOWER(product.name) LIKE :pattern ESCAPE '\\' OR LOWER(product.sku) LIKE :pattern ESCAPE '\\' OR LOWER(product.description) LIKE :pattern ESCAPE '\\')",
          { pattern: likePattern(query.q) },
        );
      }
      const [column, direction] = SORT_COLUMNS[query.sort];
      // Names sort by code point as on SQLite (BINARY), whatever collation the PostgreSQL database has.
      builder.orderBy(column === "name" && isPostgres(manager) ? `product.name COLLATE "C"` : `product.${column}`, direction);
      if (column !== "id") builder.addOrderBy("product.id", "ASC");
      builder.skip(offsetOf(query.page, query.pageSize)).take(query.pageSize);
      const [products, total] = await builder.getManyAndCount();
      return { items: products.map(productView), page: query.page, pageSize: query.pageSize, total };
    });
  }

  get(id: number): Promise<ProductView> {
    return this.db.read(async (manager) => productView(await this.load(manager, id)));
  }

  /** The product with its category name and stock, for the server-rendered page. */
  pageData(id: number): Promise<ProductPageData> {
    return this.db.read(async (manager) => {
      const product = await this.load(manager, id);
      const category = await manager.findOneBy(Category, { id: product.categoryId });
      const stock = await manager.findOneBy(StockLevel, { productId: id });
      return { product: productView(product), categoryName: category?.name, quantity: stock?.quantity ?? 0 };
    });
  }

  /** Up to `limit` products with an id above `afterId`, in id order (keyset paging for exports). */
  batchAfter(afterId: number, limit: number): Promise<ProductView[]> {
    return this.db.read(async (manager) => {
      const products = await manager
        .createQueryBuilder(Product, "product")
        .where("product.id > :afterId", { afterId })
        .orderBy("product.id", "ASC")
        .limit(limit)
        .getMany();
      return products.map(productView);
    });
  }

  create(input: CreateProductInput): Promise<ProductView> {
    return this.db.write(async (manager) => {
      await this.assertCategoryExists(manager, input.categoryId);
      await this.assertSkuFree(manager, input.sku);
      const now = nowIso();
      const product = await this.save(manager, manager.create(Product, { ...input, createdAt: now, updatedAt: now }));
      await manager.insert(StockLevel, { productId: product.id, quantity: 0, updatedAt: now });
      return productView(product);
    });
  }

  update(id: number, input: UpdateProductInput): Promise<ProductView> {
    return this.db.write(async (manager) => {
      const product = await this.load(manager, id);
      if (input.categoryId !== undefined) await this.assertCategoryExists(manager, input.categoryId);
      if (input.sku !== undefined && input.sku !== product.sku) await this.assertSkuFree(manager, input.sku);
      Object.assign(product, input, { updatedAt: nowIso() });
      return productView(await this.save(manager, product));
    });
  }

  delete(id: number): Promise<void> {
    return this.db.write(async (manager) => {
      await this.load(manager, id);
      const inUse = () => conflict(SHOP_ERROR_CODES.productInUse, `Product ${id} appears in orders; set "active": false instead of deleting it`);
      if (await manager.exists(OrderLine, { where: { productId: id } })) throw inUse();
      await manager.delete(StockLevel, { productId: id });
      await manager.delete(Product, { id }).catch((err: unknown) => {
        throw isForeignKeyViolation(err) ? inUse() : err;
      });
    });
  }

  private async load(manager: EntityManager, id: number): Promise<Product> {
    const product = await manager.findOneBy(Product, { id });
    if (!product) throw notFound(SHOP_ERROR_CODES.productNotFound, "Product", id);
    return product;
  }

  private async assertCategoryExists(manager: EntityManager, categoryId: number): Promise<void> {
    if (!(await manager.exists(Category, { where: { id: categoryId } }))) {
      throw validationError([{ field: "categoryId", message: `category ${categoryId} does not exist` }]);
    }
  }

  private async assertSkuFree(manager: EntityManager, sku: string): Promise<void> {
    if (await manager.exists(Product, { where: { sku } })) {
      throw conflict(SHOP_ERROR_CODES.duplicateSku, `A product with SKU "${sku}" already exists`);
    }
  }

  private async save(manager: EntityManager, product: Product): Promise<Product> {
    try {
      return await manager.save(Product, product);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(SHOP_ERROR_CODES.duplicateSku, `A product with SKU "${product.sku}" already exists`);
      // The category was deleted by a concurrent request after assertCategoryExists saw it.
      if (isForeignKeyViolation(err)) throw validationError([{ field: "categoryId", message: `category ${product.categoryId} does not exist` }]);
      throw err;
    }
  }
}
