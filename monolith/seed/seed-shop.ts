import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from "typeorm";
import { Category, Customer, Order, OrderLine, Product, Session, StockLevel } from "../entities";
import { SHOP_ERROR_CODES, ShopError } from "../errors";
import { hashPassword } from "../services";
import { isPostgres } from "../services/dialect";
import { SeededRandom } from "../../platform";
import { categoryRows, customerRow, orderRows, productRow, type OrderLineRow, type OrderRow, type ProductRow, type StockRow } from "./sample-rows";
import { DEFAULT_SEED_SIZE, SEED_CUSTOMER_PASSWORD, type SeedSize } from "./seed-size";

export interface SeedOptions extends Partial<SeedSize> {
  /** PRNG seed: the same seed and sizes always write the same rows. Default 1. */
  seed?: number;
  /** Delete every shop row first instead of refusing a non-empty database. */
  force?: boolean;
}

export interface SeedResult extends SeedSize {
  orderLines: number;
  durationMs: number;
}

// 1,000 rows of at most 9 columns stay well under SQLite's 32,766 bound parameters per statement.
const BATCH = 1_000;

/** Tables in the order their rows must be deleted (children first). */
const SHOP_TABLES: EntityTarget<ObjectLiteral>[] = [OrderLine, Order, Session, StockLevel, Product, Customer, Category];

/**
 * Inserts `rows` as given, ids included: the columns are named, because TypeORM leaves a generated
 * id out of an INSERT on PostgreSQL (the sequence would number the rows) unless it is named.
 */
async function insertBatched<T extends ObjectLiteral>(manager: EntityManager, target: EntityTarget<T>, rows: T[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  for (let start = 0; start < rows.length; start += BATCH) {
    await manager.createQueryBuilder().insert().into(target, columns).values(rows.slice(start, start + BATCH)).updateEntity(false).execute();
  }
}

/** Tables the seed writes ids into; on PostgreSQL their id sequences must move past those ids. */
const SEEDED_ID_TABLES = ["categories", "products", "customers", "orders", "order_lines"];

/**
 * PostgreSQL only: rows inserted with their own id leave the column's sequence where it was, so the
 * next row the shop creates would take id 1 again. Moves each sequence past the highest id, and
 * never back (a forced re-seed reuses no id handed out before), as SQLite's AUTOINCREMENT does by itself.
 */
async function advanceIdSequences(manager: EntityManager): Promise<void> {
  if (!isPostgres(manager)) return;
  for (const table of SEEDED_ID_TABLES) {
    const sequence = `pg_get_serial_sequence('"${table}"', 'id')`;
    await manager.query(`SELECT setval(${sequence}, GREATEST(nextval(${sequence}) - 1, coalesce(max("id"), 0)) + 1, false) FROM "${table}"`);
  }
}

/** True when the shop tables hold no categories, products, customers or orders. */
export async function isShopEmpty(manager: EntityManager): Promise<boolean> {
  for (const target of [Category, Product, Customer, Order]) {
    if (await manager.exists(target, {})) return false;
  }
  return true;
}

/**
 * Fills a migrated shop database with a deterministic sample: ids start at 1, timestamps are fixed,
 * every seeded customer's password is `sample-password`. Runs in one transaction, in batches, so
 * 100,000 products take seconds. Refuses a database that already has shop rows unless `force`.
 */
export async function seedShop(dataSource: DataSource, options: SeedOptions = {}): Promise<SeedResult> {
  const started = performance.now();
  const size: SeedSize = {
    categories: options.categories ?? DEFAULT_SEED_SIZE.categories,
    products: options.products ?? DEFAULT_SEED_SIZE.products,
    customers: options.customers ?? DEFAULT_SEED_SIZE.customers,
    orders: options.orders ?? DEFAULT_SEED_SIZE.orders,
  };
  if (size.products > 0 && size.categories < 1) throw new RangeError("products need at least one category");
  if (size.orders > 0 && (size.customers < 1 || size.products < 1)) throw new RangeError("orders need at least one customer and one product");
  const random = new SeededRandom(options.seed ?? 1);
  // One hash for every seeded customer: scrypt is deliberately slow, and the salt comes from the seed.
  const passwordHash = await hashPassword(SEED_CUSTOMER_PASSWORD, random.bytes(16));

  let orderLines = 0;
  await dataSource.transaction(async (manager) => {
    if (!(await isShopEmpty(manager))) {
      if (!options.force) {
        throw new ShopError(409, SHOP_ERROR_CODES.seedTargetNotEmpty, "The shop database already has data; seed with --force to replace it");
      }
      for (const target of SHOP_TABLES) await manager.createQueryBuilder().delete().from(target).execute();
    }

    await insertBatched(manager, Category, categoryRows(size.categories));

    const prices = new Array<number>(size.products + 1);
    for (let start = 1; start <= size.products; start += BATCH) {
      const products: ProductRow[] = [];
      const stock: StockRow[] = [];
      for (let id = start; id < Math.min(start + BATCH, size.products + 1); id++) {
        const row = productRow(random, id, size.categories);
        prices[id] = row.product.priceCents;
        products.push(row.product);
        stock.push(row.stock);
      }
      await insertBatched(manager, Product, products);
      await insertBatched(manager, StockLevel, stock);
    }

    const customers = Array.from({ length: size.customers }, (_, index) => ({ ...customerRow(random, index + 1), passwordHash }));
    await insertBatched(manager, Customer, customers);

    for (let start = 1; start <= size.orders; start += BATCH) {
      const orders: OrderRow[] = [];
      const lines: OrderLineRow[] = [];
      for (let id = start; id < Math.min(start + BATCH, size.orders + 1); id++) {
        const row = orderRows(random, id, size, orderLines + 1, (productId) => prices[productId]);
        orders.push(row.order);
        lines.push(...row.lines);
        orderLines += row.lines.length;
      }
      await insertBatched(manager, Order, orders);
      await insertBatched(manager, OrderLine, lines);
    }
    await advanceIdSequences(manager);
  });
  return { ...size, orderLines, durationMs: Math.round(performance.now() - started) };
}
