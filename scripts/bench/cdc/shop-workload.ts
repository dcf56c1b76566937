import type Database from "better-sqlite3";

/**
 * A shop's writes, straight into the monolith's SQLite file (as the legacy app's own statements
 * would make them; the capture triggers the product installed log each row), one short transaction
 * each, 1–3 rows. The mix, per transaction:
 *
 * | kind            | share | rows written                                             | catalog maps |
 * |-----------------|-------|----------------------------------------------------------|--------------|
 * | price           | 30 %  | UPDATE products (price)                                  | 1 of 1       |
 * | stock           | 20 %  | UPDATE stock_levels                                      | 0 of 1       |
 * | order           | 15 %  | INSERT orders, UPDATE stock_levels, INSERT order_lines   | 1 of 3       |
 * | new product     | 15 %  | INSERT products, INSERT stock_levels                     | 1 of 2       |
 * | rename          | 10 %  | UPDATE products (name, description)                      | 1 of 1       |
 * | category        | 10 %  | UPDATE categories (name), UPDATE products (category)     | 2 of 2       |
 *
 * On average 1.55 rows per transaction, 58 % of them in tables the catalog maps (the rest it
 * receives and skips, as it does the monolith's stock and orders). Products are picked uniformly;
 * the few categories are hot rows (many changes of one row in flight: per-row order matters).
 */
export const WORKLOAD_MIX = [
  { kind: "price", share: 0.3, rows: 1, mapped: 1 },
  { kind: "stock", share: 0.2, rows: 1, mapped: 0 },
  { kind: "order", share: 0.15, rows: 3, mapped: 1 },
  { kind: "new product", share: 0.15, rows: 2, mapped: 1 },
  { kind: "rename", share: 0.1, rows: 1, mapped: 1 },
  { kind: "category", share: 0.1, rows: 2, mapped: 2 },
] as const;

export type TransactionKind = (typeof WORKLOAD_MIX)[number]["kind"];

/** A small seeded PRNG (mulberry32): the same seed writes the same sequence of transactions. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface WorkloadCounts {
  transactions: number;
  rows: number;
}

/** Writes the shop's transactions into `db` (the monolith's file, opened as the monolith opens it). */
export class ShopWorkload {
  private readonly next: () => number;
  private readonly products: number[];
  private readonly categories: number[];
  private readonly customers: number[];
  private readonly run: string;
  private serial = 0;
  private readonly statements;
  private readonly kinds: Record<TransactionKind, () => number>;
  private readonly transactions = new Map<TransactionKind, () => number>();

  constructor(
    private readonly db: Database.Database,
    seed: number,
  ) {
    this.next = random(seed);
    const ids = (sql: string) => (db.prepare(sql).all() as Array<{ id: number }>).map((row) => row.id);
    this.products = ids(`SELECT "id" FROM "products" ORDER BY "id"`);
    this.categories = ids(`SELECT "id" FROM "categories" ORDER BY "id"`);
    this.customers = ids(`SELECT "id" FROM "customers" ORDER BY "id"`);
    if (this.products.length === 0 || this.categories.length === 0 || this.customers.length === 0) {
      throw new Error("the monolith needs products, categories and customers: seed it first");
    }
    this.run = `${seed.toString(36)}${Date.now().toString(36)}`;
    this.statements = {
      price: db.prepare(`UPDATE "products" SET "price_cents" = ?, "updated_at" = ? WHERE "id" = ?`),
      stock: db.prepare(`UPDATE "stock_levels" SET "quantity" = ?, "updated_at" = ? WHERE "product_id" = ?`),
      takeStock: db.prepare(`UPDATE "stock_levels" SET "quantity" = MAX("quantity" - ?, 0), "updated_at" = ? WHERE "product_id" = ?`),
      priceOf: db.prepare(`SELECT "price_cents" AS "price" FROM "products" WHERE "id" = ?`),
      order: db.prepare(`INSERT INTO "orders" ("customer_id", "status", "total_cents", "created_at", "updated_at") VALUES (?, 'placed', ?, ?, ?)`),
      orderLine: db.prepare(`INSERT INTO "order_lines" ("order_id", "product_id", "quantity", "unit_price_cents") VALUES (?, ?, ?, ?)`),
      product: db.prepare(
        `INSERT INTO "products" ("sku", "name", "description", "price_cents", "category_id", "active", "created_at", "updated_at") VALUES (?, ?, ?, ?, ?, 1, ?, ?)`,
      ),
      stockLevel: db.prepare(`INSERT INTO "stock_levels" ("product_id", "quantity", "updated_at") VALUES (?, ?, ?)`),
      rename: db.prepare(`UPDATE "products" SET "name" = ?, "description" = ?, "updated_at" = ? WHERE "id" = ?`),
      category: db.prepare(`UPDATE "categories" SET "name" = ?, "updated_at" = ? WHERE "id" = ?`),
      moveProduct: db.prepare(`UPDATE "products" SET "category_id" = ?, "updated_at" = ? WHERE "id" = ?`),
    };
    const s = this.statements;
    // Each returns the rows it wrote (each statement writes exactly one row: one logged change).
    this.kinds = {
      price: () => {
        s.price.run(100 + Math.floor(this.next() * 99_900), now(), this.pick(this.products));
        return 1;
      },
      stock: () => {
        s.stock.run(Math.floor(this.next() * 1000), now(), this.pick(this.products));
        return 1;
      },
      order: () => {
        const at = now();
        const product = this.pick(this.products);
        const quantity = 1 + Math.floor(this.next() * 3);
        const price = (s.priceOf.get(product) as { price: number }).price;
        const order = Number(s.order.run(this.pick(this.customers), price * quantity, at, at).lastInsertRowid);
        s.takeStock.run(quantity, at, product);
        s.orderLine.run(order, product, quantity, price);
        return 3;
      },
      "new product": () => {
        const at = now();
        this.serial += 1;
        const id = Number(s.product.run(`bench-${this.run}-${this.serial}`, `Bench product ${this.serial}`, `Written by bench:cdc, run ${this.run}`, 100 + this.serial, this.pick(this.categories), at, at).lastInsertRowid);
        s.stockLevel.run(id, 50, at);
        this.products.push(id);
        return 2;
      },
      rename: () => {
        this.serial += 1;
        s.rename.run(`Renamed product ${this.serial}`, `Description ${this.serial}: ${"lorem ipsum ".repeat(1 + (this.serial % 8))}`, now(), this.pick(this.products));
        return 1;
      },
      category: () => {
        const at = now();
        const category = this.pick(this.categories);
        this.serial += 1;
        s.category.run(`Category ${category} (${this.serial})`, at, category);
        s.moveProduct.run(category, at, this.pick(this.products));
        return 2;
      },
    };
    // better-sqlite3's transaction(): BEGIN (deferred, as TypeORM's) … COMMIT, rolled back on a throw.
    for (const entry of WORKLOAD_MIX) this.transactions.set(entry.kind, db.transaction(this.kinds[entry.kind]));
  }

  /** One transaction of the mix, committed; resolves with the rows it wrote. */
  transaction(): number {
    let roll = this.next();
    let kind: TransactionKind = WORKLOAD_MIX[0].kind;
    for (const entry of WORKLOAD_MIX) {
      kind = entry.kind;
      if (roll < entry.share) break;
      roll -= entry.share;
    }
    return this.transactions.get(kind)!();
  }

  private pick(ids: readonly number[]): number {
    return ids[Math.floor(this.next() * ids.length)];
  }
}

const now = () => new Date().toISOString();
