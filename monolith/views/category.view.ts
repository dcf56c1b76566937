import type { Category } from "../entities";

export interface CategoryView {
  id: number;
  slug: string;
  name: string;
  createdAt: string;
  updatedAt: string;
}

export function categoryView(category: Category): CategoryView {
  return { id: category.id, slug: category.slug, name: category.name, createdAt: category.createdAt, updatedAt: category.updatedAt };
}
