import "reflect-metadata";
import { join } from "node:path";
import type { DataSource } from "typeorm";
import { setCaptureOrigin } from "../../../cdc";
import type { ChangeEvent } from "../../../contracts";
import { tempDir, type TempDir } from "../../../testing";
import { setCatalogOwner } from "../../../testing/catalog";
import { createCatalogDataSource, openCatalogDatabase } from "../data-source";
import { catalogMapping } from "../sync";
import { CatalogWriter } from "./catalog-writer";

const at = "2024-01-01T00:00:00.000Z";
const change = (table: string, op: ChangeEvent["op"], position: number): ChangeEvent => ({
  kind: "change",
  id: `monolith:${position}`,
  source: "monolith",
  position,
  previousPosition: null,
  table,
  op,
  key: {},
  before: null,
  after: null,
  committedAt: at,
  origin: "monolith",
});

describe("legacy ids and ordered marks of the catalog's writes", () => {
  let dir: TempDir;
  let db: DataSource;
  let writer: CatalogWriter;

  beforeAll(async () => {
    dir = tempDir("catalog-writer-");
    db = createCatalogDataSource(join(dir.path, "catalog.sqlite"));
    await openCatalogDatabase(db);
    writer = new CatalogWriter(db);
    // Rows arrive by sync, as from the monolith: category 1, products 1–3, product 3 deleted there, product 2 ordered.
    // The sync runners (consumer, backfill, repair) mark their transaction with the change's origin; so does this one.
    await db.transaction(async (tx) => {
      await setCaptureOrigin(tx, "monolith");
      await catalogMapping.categories.upsert({ id: 1, slug: "chairs", name: "Chairs", created_at: at, updated_at: at }, tx, change("categories", "insert", 1));
      for (const id of [1, 2, 3]) {
        await catalogMapping.products.upsert({ id, sku: `SKU-${id}`, name: `P${id}`, description: "", price_cents: 100, category_id: 1, active: 1, created_at: at, updated_at: at }, tx, change("products", "insert", id + 1));
      }
      await catalogMapping.products.delete({ id: 3 }, tx, change("products", "delete", 5));
      await catalogMapping.order_lines.upsert({ id: 1, order_id: 1, product_id: 2, quantity: 1, unit_price_cents: 100 }, tx, change("order_lines", "insert", 6));
      await setCaptureOrigin(tx, null);
    });
    // The writes tested here are the catalog's own, once it owns them.
    await setCatalogOwner(db, "service");
  });

  afterAll(async () => {
    await db?.destroy();
    dir?.remove();
  });

  it("continues above an id the monolith deleted, as the monolith's own sequence would", async () => {
    const created = await writer.createProduct({ sku: "NEW-1", name: "New", description: "", priceMinor: 5, categoryLegacyId: 1, active: true });
    expect(created.legacyId).toBe(4);
  });

  it("logs only its own writes (origin catalog), never the rows sync copied in from the monolith", async () => {
    const rows: Array<{ table_name: string; op: string; origin: string }> = await db.query(`SELECT "table_name", "op", "origin" FROM "_strangler_changes" ORDER BY "position"`);
    expect(rows).toEqual([{ table_name: "products", op: "insert", origin: "catalog" }]);
  });

  it("refuses to delete a product sync marked as ordered, and deletes one that is not", async () => {
    await expect(writer.deleteProduct(2)).rejects.toMatchObject({ status: 409, code: "SHOP_ERR_PRODUCT_IN_USE" });
    await writer.deleteProduct(1);
    const remaining: Array<{ legacy_id: number }> = await db.query(`SELECT "legacy_id" FROM "products" ORDER BY "legacy_id"`);
    expect(remaining.map((row) => row.legacy_id)).toEqual([2, 4]);
  });

  it("never hands out the id of a row it deleted, even the highest one", async () => {
    await writer.deleteProduct(4);
    expect((await writer.createProduct({ sku: "NEW-2", name: "New", description: "", priceMinor: 5, categoryLegacyId: 1, active: true })).legacyId).toBe(5);
  });
});
