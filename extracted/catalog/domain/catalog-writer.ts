import type { DataSource, EntityManager } from "typeorm";
import { setCaptureRequestId } from "../../../cdc";
import { retryWhenBusy } from "../../../platform";
import { conflict, LEGACY_WIRE_CODES, notFound, validationError } from "../errors";
import { catalogId } from "./catalog-ids";
import { Category } from "./category.entity";
import { SHOP_CURRENCY } from "./currency";
import { nextLegacyId, retireLegacyId } from "./legacy-ids";
import { isOrdered } from "./ordered-products";
import { Product } from "./product.entity";

/** A new category, in the catalog's terms. */
export interface NewCategory {
  slug: string;
  name: string;
}

/** A new product, in the catalog's terms (minor units of the shop's currency, the category's legacy id). */
export interface NewProduct {
  sku: string;
  name: string;
  description: string;
  priceMinor: number;
  categoryLegacyId: number;
  active: boolean;
}

/** Who asks for a write: its request id goes with the changes it makes (change log, change events). */
export interface WriteContext {
  /** The request's `x-request-id` (`res.locals.requestId`). */
  requestId?: string;
}

const nowIso = (): string => new Date().toISOString();

/**
 * Write side of the catalog: the legacy shop's rules on the catalog's own rows. Each write is one
 * transaction, and writes run one at a time: TypeORM's better-sqlite3 driver has one connection, so
 * two concurrent transactions would interleave on it. Uniqueness of slug and SKU is checked here
 * (the schema cannot hold it, see the schema migration), which is sound because writes are serialised.
 */
export class CatalogWriter {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: DataSource) {}

  createCategory(input: NewCategory, context: WriteContext = {}): Promise<Category> {
    return this.write(context, async (tx) => {
      await this.assertSlugFree(tx, input.slug);
      const legacyId = await nextLegacyId(tx, "categories");
      const now = nowIso();
      const category = Object.assign(new Category(), { id: catalogId("category", legacyId), legacyId, ...input, createdAt: now, updatedAt: now });
      return tx.save(Category, category);
    });
  }

  updateCategory(legacyId: number, changes: Partial<NewCategory>, context: WriteContext = {}): Promise<Category> {
    return this.write(context, async (tx) => {
      const category = await this.category(tx, legacyId);
      if (changes.slug !== undefined && changes.slug !== category.slug) await this.assertSlugFree(tx, changes.slug);
      Object.assign(category, changes, { updatedAt: nowIso() });
      return tx.save(Category, category);
    });
  }

  deleteCategory(legacyId: number, context: WriteContext = {}): Promise<void> {
    return this.write(context, async (tx) => {
      const category = await this.category(tx, legacyId);
      if (await tx.exists(Product, { where: { categoryLegacyId: legacyId } })) {
        throw conflict(LEGACY_WIRE_CODES.categoryInUse, `Category ${legacyId} still has products; move or delete them first`);
      }
      await retireLegacyId(tx, "categories", legacyId);
      await tx.delete(Category, { id: category.id });
    });
  }

  createProduct(input: NewProduct, context: WriteContext = {}): Promise<Product> {
    return this.write(context, async (tx) => {
      await this.assertCategoryExists(tx, input.categoryLegacyId);
      await this.assertSkuFree(tx, input.sku);
      const legacyId = await nextLegacyId(tx, "products");
      const now = nowIso();
      const product = Object.assign(new Product(), { id: catalogId("product", legacyId), legacyId, ...input, currency: SHOP_CURRENCY, createdAt: now, updatedAt: now });
      return tx.save(Product, product);
    });
  }

  updateProduct(legacyId: number, changes: Partial<NewProduct>, context: WriteContext = {}): Promise<Product> {
    return this.write(context, async (tx) => {
      const product = await this.product(tx, legacyId);
      if (changes.categoryLegacyId !== undefined) await this.assertCategoryExists(tx, changes.categoryLegacyId);
      if (changes.sku !== undefined && changes.sku !== product.sku) await this.assertSkuFree(tx, changes.sku);
      Object.assign(product, changes, { updatedAt: nowIso() });
      return tx.save(Product, product);
    });
  }

  deleteProduct(legacyId: number, context: WriteContext = {}): Promise<void> {
    return this.write(context, async (tx) => {
      const product = await this.product(tx, legacyId);
      if (await isOrdered(tx, legacyId)) {
        throw conflict(LEGACY_WIRE_CODES.productInUse, `Product ${legacyId} appears in orders; set "active": false instead of deleting it`);
      }
      await retireLegacyId(tx, "products", legacyId);
      await tx.delete(Product, { id: product.id });
    });
  }

  private write<T>(context: WriteContext, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    // The consumer and relay commit on their own connections; a unit they overtake runs again.
    const run = this.tail.then(() => retryWhenBusy(() => this.db.transaction((tx) => withRequestId(tx, context.requestId, work))));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async category(tx: EntityManager, legacyId: number): Promise<Category> {
    const category = await tx.findOneBy(Category, { legacyId });
    if (!category) throw notFound(LEGACY_WIRE_CODES.categoryNotFound, "Category", legacyId);
    return category;
  }

  private async product(tx: EntityManager, legacyId: number): Promise<Product> {
    const product = await tx.findOneBy(Product, { legacyId });
    if (!product) throw notFound(LEGACY_WIRE_CODES.productNotFound, "Product", legacyId);
    return product;
  }

  private async assertSlugFree(tx: EntityManager, slug: string): Promise<void> {
    if (await tx.exists(Category, { where: { slug } })) throw conflict(LEGACY_WIRE_CODES.duplicateSlug, `A category with slug "${slug}" already exists`);
  }

  private async assertSkuFree(tx: EntityManager, sku: string): Promise<void> {
    if (await tx.exists(Product, { where: { sku } })) throw conflict(LEGACY_WIRE_CODES.duplicateSku, `A product with SKU "${sku}" already exists`);
  }

  private async assertCategoryExists(tx: EntityManager, legacyId: number): Promise<void> {
    if (!(await tx.exists(Category, { where: { legacyId } }))) {
      throw validationError([{ field: "categoryId", message: `category ${legacyId} does not exist` }]);
    }
  }
}

/**
 * Runs `work` with the capture context's request id set (capture v3), so the changes it logs carry
 * it; cleared again before the commit. Without a request id the context is left alone.
 */
async function withRequestId<T>(tx: EntityManager, requestId: string | undefined, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  if (!requestId) return work(tx);
  await setCaptureRequestId(tx, requestId);
  const result = await work(tx);
  await setCaptureRequestId(tx, null);
  return result;
}
