import { createHash } from "node:crypto";
import type { DataSource } from "typeorm";
import { startMonolith, type RunningMonolith } from "../testing/monolith";
import { CATALOG_PARITY_CASES, catalogWriteCases, runParity, runWriteParity, type ParityCase, type ParityResult, type WriteParityResult } from "../testing/parity";
import { ordersParityCases } from "../testing/parity/orders.cases";
import { tempPostgresDatabase, type TempPostgresDatabase } from "../testing/postgres";

// The same seed on SQLite and on PostgreSQL, the same requests to both: every answer must be the
// same (status, compared headers with the ETag, JSON with its types and key order, HTML, CSV),
// the timestamps written during the run aside.
const SEED = { categories: 4, products: 40, customers: 4, orders: 30 };

const get = (name: string, path: string): ParityCase => ({ name, method: "GET", path });
const LEGACY_CASES: ParityCase[] = [
  get("renders the product page", "/shop/products/5"),
  get("streams the product export", "/export/products.csv"),
  get("reads a stock level", "/inventory/7"),
  get("lists the seeded products by name, across every page", "/products?sort=name&pageSize=100"),
];

/** A session row with a token of ours, the same in both databases, so one cookie works on both. */
async function insertSession(dataSource: DataSource, token: string, customerId: number, expiresAt: string): Promise<void> {
  const placeholders = dataSource.options.type === "postgres" ? "$1, $2, $3, $4" : "?, ?, ?, ?";
  const hash = createHash("sha256").update(token).digest("hex");
  await dataSource.query(`INSERT INTO "sessions" ("token_hash", "customer_id", "created_at", "expires_at") VALUES (${placeholders})`, [hash, customerId, new Date().toISOString(), expiresAt]);
}

const mismatches = (results: Array<ParityResult | WriteParityResult>) =>
  results.filter((result) => result.mismatch).map((result) => `${result.case.name}: ${JSON.stringify(result.answers)}`);

describe("the shop answers the same on SQLite and on PostgreSQL", () => {
  let database: TempPostgresDatabase;
  let sqlite: RunningMonolith;
  let postgres: RunningMonolith;
  let reads: ParityResult[];
  let orders: ParityResult[];
  let writes: WriteParityResult[];

  beforeAll(async () => {
    database = await tempPostgresDatabase("strangler_shop_parity");
    sqlite = await startMonolith({ seed: SEED });
    postgres = await startMonolith({ databaseUrl: database.url, seed: SEED });
    const targets = [{ name: "sqlite", url: sqlite.url, adminToken: sqlite.adminToken }, { name: "postgres", url: postgres.url, adminToken: postgres.adminToken }];

    reads = await runParity([...CATALOG_PARITY_CASES, ...LEGACY_CASES], targets);

    const [a, b] = (await sqlite.dataSource.query(`SELECT "customer_id" AS "id", MAX("id") AS "orderId" FROM "orders" GROUP BY "customer_id" ORDER BY COUNT(*) DESC, "customer_id" LIMIT 2`)) as Array<{ id: number; orderId: number }>;
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const past = new Date(Date.now() - 1000).toISOString();
    for (const shop of [sqlite, postgres]) {
      await insertSession(shop.dataSource, "parity-self", a.id, future);
      await insertSession(shop.dataSource, "parity-other", b.id, future);
      await insertSession(shop.dataSource, "parity-expired", a.id, past);
    }
    orders = await runParity(
      ordersParityCases({
        self: { id: a.id, cookie: "shop_session=parity-self", orderId: a.orderId },
        other: { id: b.id, cookie: "shop_session=parity-other", orderId: b.orderId },
        expiredCookie: "shop_session=parity-expired",
        loggedOutCookie: "shop_session=parity-never-logged-in",
      }),
      targets,
    );

    const [ordered] = await sqlite.dataSource.query(`SELECT "product_id" FROM "order_lines" ORDER BY "id" LIMIT 1`);
    const [taken] = await sqlite.dataSource.query(`SELECT "sku" FROM "products" WHERE "id" = 2`);
    const [slug] = await sqlite.dataSource.query(`SELECT "slug" FROM "categories" WHERE "id" = 2`);
    const fixture = { products: SEED.products, categories: SEED.categories, orderedProductId: Number(ordered.product_id), takenSku: taken.sku, takenSlug: slug.slug };
    writes = await runWriteParity(catalogWriteCases(fixture), targets);
  });

  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
    await database?.drop();
  });

  it("answers the catalog reads, the product page, the CSV export and the stock the same", () => {
    expect(reads.length).toBeGreaterThan(40);
    expect(mismatches(reads)).toEqual([]);
  });

  it("answers the order reads the same, sessions included", () => {
    expect(orders.filter((result) => result.answers.sqlite.status === 200).length).toBeGreaterThan(5);
    expect(mismatches(orders)).toEqual([]);
  });

  it("answers the catalog writes the same, ids included", () => {
    expect(new Set(writes.map((result) => result.answers.sqlite.status))).toEqual(new Set([200, 201, 204, 400, 401, 403, 404, 409]));
    expect(mismatches(writes)).toEqual([]);
  });
});
