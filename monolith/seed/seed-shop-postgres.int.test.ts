import "reflect-metadata";
import type { DataSource, EntityTarget, ObjectLiteral } from "typeorm";
import { tempDir, type TempDir } from "../../testing";
import { tempPostgresDatabase, type TempPostgresDatabase } from "../../testing/postgres";
import { createShopDataSource, openShopDatabase } from "../data-source";
import { Category, Customer, Order, OrderLine, Product, StockLevel } from "../entities";
import { seedShop } from "./seed-shop";

const SMALL = { categories: 4, products: 60, customers: 8, orders: 40 };
const ENTITIES: Array<EntityTarget<ObjectLiteral>> = [Category, Product, StockLevel, Customer, Order, OrderLine];

/** Every seeded row as the shop reads it (entities, so both databases give the same JS values). */
async function rows(dataSource: DataSource): Promise<unknown[][]> {
  return Promise.all(ENTITIES.map((entity) => dataSource.getRepository(entity).find({ order: { [entity === StockLevel ? "productId" : "id"]: "ASC" } })));
}

describe("seedShop on PostgreSQL", () => {
  let dir: TempDir;
  let database: TempPostgresDatabase;
  let sqlite: DataSource;
  let postgres: DataSource;

  beforeAll(async () => {
    dir = tempDir("seed-pg-");
    database = await tempPostgresDatabase("strangler_shop_seed");
    sqlite = createShopDataSource(dir.file("monolith.sqlite"));
    postgres = createShopDataSource(database.url);
    await openShopDatabase(sqlite);
    await openShopDatabase(postgres);
  });

  afterAll(async () => {
    for (const dataSource of [sqlite, postgres]) if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.drop();
    dir?.remove();
  });

  it("writes the same rows as on SQLite for the same seed", async () => {
    await seedShop(sqlite, { ...SMALL, seed: 5 });
    await seedShop(postgres, { ...SMALL, seed: 5 });
    const expected = await rows(sqlite);
    expect(expected[1]).toHaveLength(SMALL.products);
    expect(await rows(postgres)).toEqual(expected);
  });

  it("gives the next row the shop creates the id after the seeded ones", async () => {
    const category = await postgres.getRepository(Category).save({ slug: "after-seed", name: "After seed", createdAt: "x", updatedAt: "x" });
    expect(category.id).toBe(SMALL.categories + 1);
  });

  it("replaces the rows with force, deleting them (the capture refuses TRUNCATE), and reuses no id, as SQLite", async () => {
    const force = { categories: 2, products: 10, customers: 3, orders: 5, force: true };
    await seedShop(sqlite, force);
    await seedShop(postgres, force);
    expect(await postgres.getRepository(Product).count()).toBe(10);
    expect(await rows(postgres)).toEqual(await rows(sqlite));
    const order = { customerId: 1, status: "placed" as const, totalCents: 0, createdAt: "x", updatedAt: "x" };
    const [onSqlite, onPostgres] = [await sqlite.getRepository(Order).save({ ...order }), await postgres.getRepository(Order).save({ ...order })];
    expect(onPostgres.id).toBe(SMALL.orders + 1);
    expect(onPostgres.id).toBe(onSqlite.id);
  });
});
