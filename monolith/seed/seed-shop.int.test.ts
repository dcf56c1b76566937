import "reflect-metadata";
import type { DataSource } from "typeorm";
import { tempDir, type TempDir } from "../../testing";
import { createShopDataSource, openShopDatabase } from "../data-source";
import { SHOP_ERROR_CODES } from "../errors";
import { seedShop } from "./seed-shop";

const TABLES = ["categories", "products", "stock_levels", "customers", "orders", "order_lines"];
const SMALL = { categories: 4, products: 60, customers: 8, orders: 40 };

let dir: TempDir;
const open: DataSource[] = [];

async function database(name: string): Promise<DataSource> {
  const dataSource = createShopDataSource(dir.file(`${name}.sqlite`));
  open.push(dataSource);
  await openShopDatabase(dataSource);
  return dataSource;
}

async function rows(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const all: Record<string, unknown[]> = {};
  for (const table of TABLES) all[table] = await dataSource.query(`SELECT * FROM ${table} ORDER BY 1`);
  return all;
}

async function counts(dataSource: DataSource): Promise<Record<string, number>> {
  const all: Record<string, number> = {};
  for (const table of TABLES) all[table] = (await dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n;
  return all;
}

beforeAll(() => {
  dir = tempDir("seed-");
});

afterAll(async () => {
  for (const dataSource of open) if (dataSource.isInitialized) await dataSource.destroy();
  dir.remove();
});

describe("seedShop", () => {
  it("writes exactly the same rows for the same seed", async () => {
    const [a, b] = [await database("a"), await database("b")];
    await seedShop(a, { ...SMALL, seed: 7 });
    await seedShop(b, { ...SMALL, seed: 7 });
    const first = await rows(a);
    expect(first.products).toHaveLength(60);
    expect(await rows(b)).toEqual(first);
  });

  it("writes different rows for a different seed", async () => {
    const [a, b] = [await database("c"), await database("d")];
    await seedShop(a, { ...SMALL, seed: 1 });
    await seedShop(b, { ...SMALL, seed: 2 });
    expect((await rows(b)).products).not.toEqual((await rows(a)).products);
  });

  it("writes the default sample: 20 categories, 500 products, 100 customers, 1,000 consistent orders", async () => {
    const dataSource = await database("default");
    const result = await seedShop(dataSource);
    expect(result).toMatchObject({ categories: 20, products: 500, customers: 100, orders: 1000 });
    expect(await counts(dataSource)).toEqual({
      categories: 20,
      products: 500,
      stock_levels: 500,
      customers: 100,
      orders: 1000,
      order_lines: result.orderLines,
    });
    const [mismatch] = await dataSource.query(
      "SELECT COUNT(*) AS n FROM orders o WHERE o.total_cents <> (SELECT SUM(quantity * unit_price_cents) FROM order_lines l WHERE l.order_id = o.id)",
    );
    expect(mismatch.n).toBe(0);
  });

  it("refuses a database that already has data and replaces it with force", async () => {
    const dataSource = await database("force");
    await seedShop(dataSource, { ...SMALL, seed: 3 });
    await expect(seedShop(dataSource, SMALL)).rejects.toMatchObject({ code: SHOP_ERROR_CODES.seedTargetNotEmpty });
    expect((await counts(dataSource)).products).toBe(60);
    await seedShop(dataSource, { categories: 2, products: 10, customers: 3, orders: 5, force: true });
    expect(await counts(dataSource)).toMatchObject({ categories: 2, products: 10, stock_levels: 10, customers: 3, orders: 5 });
  });
});
