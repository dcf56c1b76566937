/**
 * A shop's writes, straight into the monolith's database (as the legacy app's own statements would
 * make them; the capture the product installed logs each row), one short transaction each, 1–3
 * rows. The mix, per transaction:
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
 *
 * Dialect-neutral: the statements below are the same SQL text on SQLite and PostgreSQL (`?`
 * placeholders, which the PostgreSQL writer numbers `$1, $2, …`; `RETURNING` for new ids, which
 * SQLite has since 3.35), and a transaction is a generator that yields its statements one at a
 * time and gets back each one's first row (and says what to do once it committed: a new product is
 * picked by later transactions only then): the SQLite writer runs it synchronously
 * (better-sqlite3), the PostgreSQL writer awaits each statement (pg). Both write the same rows.
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

/**
 * The workload's statements. `row`: the statement answers one row the transaction reads (a price,
 * a new id); else it only writes. Each write statement writes exactly one row: one logged change.
 */
export const SHOP_STATEMENTS = {
  price: { sql: `UPDATE "products" SET "price_cents" = ?, "updated_at" = ? WHERE "id" = ?`, row: false },
  stock: { sql: `UPDATE "stock_levels" SET "quantity" = ?, "updated_at" = ? WHERE "product_id" = ?`, row: false },
  takeStock: {
    sql: `UPDATE "stock_levels" SET "quantity" = CASE WHEN "quantity" > ? THEN "quantity" - ? ELSE 0 END, "updated_at" = ? WHERE "product_id" = ?`,
    row: false,
  },
  priceOf: { sql: `SELECT "price_cents" AS "price" FROM "products" WHERE "id" = ?`, row: true },
  order: { sql: `INSERT INTO "orders" ("customer_id", "status", "total_cents", "created_at", "updated_at") VALUES (?, 'placed', ?, ?, ?) RETURNING "id"`, row: true },
  orderLine: { sql: `INSERT INTO "order_lines" ("order_id", "product_id", "quantity", "unit_price_cents") VALUES (?, ?, ?, ?)`, row: false },
  product: {
    sql: `INSERT INTO "products" ("sku", "name", "description", "price_cents", "category_id", "active", "created_at", "updated_at") VALUES (?, ?, ?, ?, ?, TRUE, ?, ?) RETURNING "id"`,
    row: true,
  },
  stockLevel: { sql: `INSERT INTO "stock_levels" ("product_id", "quantity", "updated_at") VALUES (?, ?, ?)`, row: false },
  rename: { sql: `UPDATE "products" SET "name" = ?, "description" = ?, "updated_at" = ? WHERE "id" = ?`, row: false },
  category: { sql: `UPDATE "categories" SET "name" = ?, "updated_at" = ? WHERE "id" = ?`, row: false },
  moveProduct: { sql: `UPDATE "products" SET "category_id" = ?, "updated_at" = ? WHERE "id" = ?`, row: false },
} as const;

export type StatementName = keyof typeof SHOP_STATEMENTS;

/** The ids the workload picks from, read once when the writer starts. */
export const SHOP_ID_QUERIES = {
  products: `SELECT "id" FROM "products" ORDER BY "id"`,
  categories: `SELECT "id" FROM "categories" ORDER BY "id"`,
  customers: `SELECT "id" FROM "customers" ORDER BY "id"`,
} as const;

export type ShopIds = Record<keyof typeof SHOP_ID_QUERIES, number[]>;

/** One statement to run: its name in SHOP_STATEMENTS and its parameters, in `?` order. */
export interface Step {
  statement: StatementName;
  params: Array<string | number>;
}

/** The first row a statement answered (undefined for a write). */
export type StepRow = Record<string, unknown> | undefined;

/** What a transaction did: the rows it wrote, and what to do once it committed (never before: another connection would not see it yet). */
export interface TransactionDone {
  rows: number;
  committed?: () => void;
}

/**
 * One transaction of the workload: yields its statements one by one, each answered with its first
 * row; returns what it did. The writer runs it between BEGIN and COMMIT, then calls `committed`.
 */
export type ShopTransaction = Generator<Step, TransactionDone, StepRow>;

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

const step = (statement: StatementName, ...params: Array<string | number>): Step => ({ statement, params });
const idOf = (row: StepRow): number => Number((row as { id: number | string }).id);

/** The shop's transactions, on whichever database runs them. */
export class ShopWorkload {
  private readonly next: () => number;
  private readonly products: number[];
  private readonly categories: number[];
  private readonly customers: number[];
  private readonly run: string;
  private serial = 0;
  private readonly kinds: Record<TransactionKind, () => ShopTransaction>;

  constructor(ids: ShopIds, seed: number) {
    this.next = random(seed);
    this.products = [...ids.products];
    this.categories = [...ids.categories];
    this.customers = [...ids.customers];
    if (this.products.length === 0 || this.categories.length === 0 || this.customers.length === 0) {
      throw new Error("the monolith needs products, categories and customers: seed it first");
    }
    this.run = `${seed.toString(36)}${Date.now().toString(36)}`;
    const self = this;
    this.kinds = {
      *price() {
        yield step("price", 100 + Math.floor(self.next() * 99_900), now(), self.pick(self.products));
        return { rows: 1 };
      },
      *stock() {
        yield step("stock", Math.floor(self.next() * 1000), now(), self.pick(self.products));
        return { rows: 1 };
      },
      *order() {
        const at = now();
        const product = self.pick(self.products);
        const quantity = 1 + Math.floor(self.next() * 3);
        const price = Number((yield step("priceOf", product))!.price);
        const order = idOf(yield step("order", self.pick(self.customers), price * quantity, at, at));
        yield step("takeStock", quantity, quantity, at, product);
        yield step("orderLine", order, product, quantity, price);
        return { rows: 3 };
      },
      *"new product"() {
        const at = now();
        self.serial += 1;
        const serial = self.serial;
        const id = idOf(yield step("product", `bench-${self.run}-${serial}`, `Bench product ${serial}`, `Written by bench:cdc, run ${self.run}`, 100 + serial, self.pick(self.categories), at, at));
        yield step("stockLevel", id, 50, at);
        // Picked by later transactions only once committed (a concurrent one would not find it yet).
        return { rows: 2, committed: () => self.products.push(id) };
      },
      *rename() {
        self.serial += 1;
        yield step("rename", `Renamed product ${self.serial}`, `Description ${self.serial}: ${"lorem ipsum ".repeat(1 + (self.serial % 8))}`, now(), self.pick(self.products));
        return { rows: 1 };
      },
      *category() {
        const at = now();
        const category = self.pick(self.categories);
        self.serial += 1;
        yield step("category", `Category ${category} (${self.serial})`, at, category);
        yield step("moveProduct", category, at, self.pick(self.products));
        return { rows: 2 };
      },
    };
  }

  /** The kind of the next transaction of the mix. */
  nextKind(): TransactionKind {
    let roll = this.next();
    let kind: TransactionKind = WORKLOAD_MIX[0].kind;
    for (const entry of WORKLOAD_MIX) {
      kind = entry.kind;
      if (roll < entry.share) break;
      roll -= entry.share;
    }
    return kind;
  }

  /** A transaction of `kind` (its values drawn as it runs): run it to its end between BEGIN and COMMIT. */
  transaction(kind: TransactionKind = this.nextKind()): ShopTransaction {
    return this.kinds[kind]();
  }

  private pick(ids: readonly number[]): number {
    return ids[Math.floor(this.next() * ids.length)];
  }
}

const now = () => new Date().toISOString();
