import type { Product } from "../entities";

/** The legacy product contract: extracted services answer this exact shape. */
export interface ProductView {
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

export function productView(product: Product): ProductView {
  return {
    id: product.id,
    sku: product.sku,
    name: product.name,
    description: product.description,
    priceCents: product.priceCents,
    categoryId: product.categoryId,
    active: Boolean(product.active),
    createdAt: product.createdAt,
    updatedAt: product.updatedAt,
  };
}
