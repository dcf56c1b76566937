import type { EntityManager } from "typeorm";
import { Category, Product } from "../entities";
import { conflict, notFound, SHOP_ERROR_CODES } from "../errors";
import type { CreateCategoryInput, UpdateCategoryInput } from "../schemas/category.schema";
import { categoryView, type CategoryView } from "../views/category.view";
import { nowIso } from "./clock";
import type { ShopDatabase } from "./shop-database";
import { isForeignKeyViolation, isUniqueViolation } from "./unique-violation";

/** Categories of the catalog: list, read, create, rename, delete when unused. */
export class CategoryService {
  constructor(private readonly db: ShopDatabase) {}

  list(): Promise<CategoryView[]> {
    return this.db.read(async (manager) => {
      const categories = await manager.find(Category, { order: { id: "ASC" } });
      return categories.map(categoryView);
    });
  }

  get(id: number): Promise<CategoryView> {
    return this.db.read(async (manager) => categoryView(await this.load(manager, id)));
  }

  create(input: CreateCategoryInput): Promise<CategoryView> {
    return this.db.write(async (manager) => {
      await this.assertSlugFree(manager, input.slug);
      const now = nowIso();
      const category = manager.create(Category, { ...input, createdAt: now, updatedAt: now });
      return categoryView(await this.save(manager, category));
    });
  }

  update(id: number, input: UpdateCategoryInput): Promise<CategoryView> {
    return this.db.write(async (manager) => {
      const category = await this.load(manager, id);
      if (input.slug !== undefined && input.slug !== category.slug) await this.assertSlugFree(manager, input.slug);
      Object.assign(category, input, { updatedAt: nowIso() });
      return categoryView(await this.save(manager, category));
    });
  }

  delete(id: number): Promise<void> {
    return this.db.write(async (manager) => {
      await this.load(manager, id);
      const inUse = () => conflict(SHOP_ERROR_CODES.categoryInUse, `Category ${id} still has products; move or delete them first`);
      if (await manager.exists(Product, { where: { categoryId: id } })) throw inUse();
      await manager.delete(Category, { id }).catch((err: unknown) => {
        throw isForeignKeyViolation(err) ? inUse() : err;
      });
    });
  }

  private async load(manager: EntityManager, id: number): Promise<Category> {
    const category = await manager.findOneBy(Category, { id });
    if (!category) throw notFound(SHOP_ERROR_CODES.categoryNotFound, "Category", id);
    return category;
  }

  private async assertSlugFree(manager: EntityManager, slug: string): Promise<void> {
    if (await manager.exists(Category, { where: { slug } })) {
      throw conflict(SHOP_ERROR_CODES.duplicateSlug, `A category with slug "${slug}" already exists`);
    }
  }

  private async save(manager: EntityManager, category: Category): Promise<Category> {
    try {
      return await manager.save(Category, category);
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict(SHOP_ERROR_CODES.duplicateSlug, `A category with slug "${category.slug}" already exists`);
      throw err;
    }
  }
}
