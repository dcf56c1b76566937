import type { Category, Product } from "../domain";

/** The legacy product JSON, field for field and in the legacy field order (ETags hash it). */
export interface LegacyProduct {
  id: number;
  sku: string;
  name: string;
  description: string;
  priceCents: number;
  categoryId: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The legacy category JSON. */
export interface LegacyCategory {
  id: number;
  slug: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

/** Adapter: a catalog product as the legacy contract shows it (legacy ids, cents). */
export function legacyProduct(product: Product): LegacyProduct {
  return {
    id: product.legacyId,
    sku: product.sku,
    name: product.name,
    description: product.description,
    priceCents: product.priceMinor,
    categoryId: product.categoryLegacyId,
    active: Boolean(product.active),
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
}

/** Adapter: a catalog category as the legacy contract shows it. */
export function legacyCategory(category: Category): LegacyCategory {
  return { id: category.legacyId, slug: category.slug, name: category.name, createdAt: category.createdAt, updatedAt: category.updatedAt };
}
