import "reflect-metadata";
import type { DataSource } from "typeorm";
import type { ChangeEvent } from "../../../../contracts";
import { SqlTargetStore } from "../../../../cdc";
import { startMonolith, type RunningMonolith } from "../../../../testing";
import { catalogProductRow } from "../catalog-rows";
import { reverseMapping } from "./reverse-mapping";
import { MONOLITH_SOURCE, openMonolithTarget, reverseDurable } from "../../../../service-kit";
import { catalogSync } from "../catalog-sync";

let position = 1000;
function productChange(op: "insert" | "update" | "delete", legacyId: number, fields: Record<string, unknown> = {}): ChangeEvent {
  position += 1;
  const row = { ...catalogProductRow({ id: legacyId, sku: `REV-${legacyId}`, name: `Reverse ${legacyId}`, description: "", price_cents: 300, category_id: 1, active: 1, created_at: "2026-01-01T00:00:00.000Z", updated_at: "2026-01-01T00:00:00.000Z" }), ...fields };
  return {
    kind: "change",
    id: `catalog:${position}`,
    source: catalogSync.service,
    position,
    previousPosition: null,
    table: "products",
    op,
    key: { id: row.id },
    before: op === "insert" ? null : row,
    after: op === "delete" ? null : row,
    committedAt: "2026-01-01T00:00:00.000Z",
    origin: "catalog",
  };
}

describe("the reverse mapping on the monolith's database", () => {
  let shop: RunningMonolith;
  let target: DataSource;
  let store: SqlTargetStore;

  beforeAll(async () => {
    shop = await startMonolith({ seed: { categories: 2, products: 5, customers: 2, orders: 3 } });
    target = await openMonolithTarget(catalogSync, shop.dataSource.options.database as string);
    store = new SqlTargetStore({ db: target, consumer: reverseDurable(catalogSync), source: catalogSync.service, mapping: reverseMapping, ownOrigin: MONOLITH_SOURCE, targetHasCapture: true });
  });

  afterAll(async () => {
    await target?.destroy();
    await shop?.close();
  });

  it("inserts a new product with an empty stock level, logged in the monolith with origin catalog", async () => {
    const [outcome] = await store.applyBatch([productChange("insert", 6)]);
    expect(outcome.kind).toBe("applied");
    const [product] = await target.query(`SELECT "sku", "price_cents", "active" FROM "products" WHERE "id" = 6`);
    expect(product).toEqual({ sku: "REV-6", price_cents: 300, active: 1 });
    expect(await target.query(`SELECT "quantity" FROM "stock_levels" WHERE "product_id" = 6`)).toEqual([{ quantity: 0 }]);
    const logged = await target.query(`SELECT "table_name", "origin" FROM "_strangler_changes" WHERE "origin" = 'catalog' ORDER BY "position"`);
    expect(logged).toEqual([
      { table_name: "products", origin: "catalog" },
      { table_name: "stock_levels", origin: "catalog" },
    ]);
  });

  it("refuses an insert on an id the monolith already holds instead of overwriting its row", async () => {
    const [before] = await target.query(`SELECT * FROM "products" WHERE "id" = 3`);
    const [outcome] = await store.applyBatch([productChange("insert", 3)]);
    expect(outcome.kind).toBe("failed");
    expect(outcome.kind === "failed" && (outcome.error as { code?: string }).code).toBe("CATALOG_ERR_LEGACY_ID_TAKEN");
    expect(await target.query(`SELECT * FROM "products" WHERE "id" = 3`)).toEqual([before]);
  });

  it("cannot delete a product that is in an order: the monolith's foreign key refuses and nothing changes", async () => {
    const [line] = await target.query(`SELECT "product_id" FROM "order_lines" ORDER BY "id" LIMIT 1`);
    const [outcome] = await store.applyBatch([productChange("delete", Number(line.product_id))]);
    expect(outcome.kind).toBe("failed");
    expect(await target.query(`SELECT 1 AS "present" FROM "products" WHERE "id" = ?`, [line.product_id])).toEqual([{ present: 1 }]);
  });

  it("records a change that came from the monolith without applying it back", async () => {
    const change = { ...productChange("update", 6, { name: "Would ping-pong" }), origin: "monolith" };
    const [outcome] = await store.applyBatch([change]);
    expect(outcome.kind).toBe("recorded");
    expect(await target.query(`SELECT "name" FROM "products" WHERE "id" = 6`)).toEqual([{ name: "Reverse 6" }]);
  });
});
