import { sqliteCaptureV4 } from "./sqlite-capture-v4";

// Pins the SQL of the frozen v4 generator: migrations that ran it must mean the same forever.
// If this test fails, do not update the expectations: put the change in sqlite-capture-v5.ts.
describe("sqliteCaptureV4 (frozen)", () => {
  const context = `"_strangler_capture_context"`;
  const local = `(SELECT "origin" FROM ${context} WHERE "id" = 1) IS NULL`;
  const stamp = `(SELECT "n" FROM "_strangler_tx_clock" WHERE "id" = 1)`;
  const shape = { table: "products", primaryKey: ["id"], columns: ["id", "name"], hasExcludedColumns: false };
  const pk = (row: "NEW" | "OLD") => `json_object('id', ${row}."id")`;
  const json = (row: "NEW" | "OLD") => `json_object('id', ${row}."id", 'name', ${row}."name")`;
  const head = (withRequestId: boolean) =>
    `INSERT INTO "_strangler_changes" ("table_name", "op", "pk", "previous_position", "old_row", "new_row", "committed_at", "origin"${withRequestId ? `, "request_id"` : ""}, "tx")`;
  const log = (withRequestId: boolean, op: string, row: "NEW" | "OLD", before: string, after: string) =>
    `${head(withRequestId)} VALUES ('products', '${op}', ${pk(row)}, (SELECT MAX("position") FROM "_strangler_changes" WHERE "table_name" = 'products' AND "pk" = ${pk(row)}), ${before}, ${after}, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT COALESCE("origin", "source") FROM ${context} WHERE "id" = 1)` +
    `${withRequestId ? `, (SELECT "request_id" FROM ${context} WHERE "id" = 1)` : ""}, ${stamp});`;

  it("adds (and drops) the commit-group clock and the change log's tx column", () => {
    expect(sqliteCaptureV4.addTxClock()).toEqual([
      `CREATE TABLE IF NOT EXISTS "_strangler_tx_clock" ("id" INTEGER PRIMARY KEY CHECK ("id" = 1), "n" INTEGER NOT NULL)`,
      `INSERT OR IGNORE INTO "_strangler_tx_clock" ("id", "n") VALUES (1, 1)`,
      `ALTER TABLE "_strangler_changes" ADD COLUMN "tx" INTEGER`,
    ]);
    expect(sqliteCaptureV4.dropTxClock()).toEqual([`ALTER TABLE "_strangler_changes" DROP COLUMN "tx"`, `DROP TABLE IF EXISTS "_strangler_tx_clock"`]);
  });

  it("all-writes: v1's triggers (every write, no request id), each change stamped with the clock", () => {
    expect(sqliteCaptureV4.createTriggers(shape, "all-writes")).toEqual([
      `CREATE TRIGGER "_strangler_capture_products_insert" AFTER INSERT ON "products" FOR EACH ROW BEGIN ${log(false, "insert", "NEW", "NULL", json("NEW"))} END`,
      `CREATE TRIGGER "_strangler_capture_products_update" AFTER UPDATE ON "products" FOR EACH ROW WHEN OLD."id" IS NEW."id" BEGIN ${log(false, "update", "NEW", json("OLD"), json("NEW"))} END`,
      `CREATE TRIGGER "_strangler_capture_products_rekey" AFTER UPDATE ON "products" FOR EACH ROW WHEN NOT (OLD."id" IS NEW."id") BEGIN ${log(false, "delete", "OLD", json("OLD"), "NULL")} ${log(false, "insert", "NEW", "NULL", json("NEW"))} END`,
      `CREATE TRIGGER "_strangler_capture_products_delete" AFTER DELETE ON "products" FOR EACH ROW BEGIN ${log(false, "delete", "OLD", json("OLD"), "NULL")} END`,
    ]);
  });

  it("local-with-request-id: v3's triggers (local writes only, with the request id), each change stamped with the clock", () => {
    expect(sqliteCaptureV4.createTriggers(shape, "local-with-request-id")).toEqual([
      `CREATE TRIGGER "_strangler_capture_products_insert" AFTER INSERT ON "products" FOR EACH ROW WHEN ${local} BEGIN ${log(true, "insert", "NEW", "NULL", json("NEW"))} END`,
      `CREATE TRIGGER "_strangler_capture_products_update" AFTER UPDATE ON "products" FOR EACH ROW WHEN OLD."id" IS NEW."id" AND ${local} BEGIN ${log(true, "update", "NEW", json("OLD"), json("NEW"))} END`,
      `CREATE TRIGGER "_strangler_capture_products_rekey" AFTER UPDATE ON "products" FOR EACH ROW WHEN NOT (OLD."id" IS NEW."id") AND ${local} BEGIN ${log(true, "delete", "OLD", json("OLD"), "NULL")} ${log(true, "insert", "NEW", "NULL", json("NEW"))} END`,
      `CREATE TRIGGER "_strangler_capture_products_delete" AFTER DELETE ON "products" FOR EACH ROW WHEN ${local} BEGIN ${log(true, "delete", "OLD", json("OLD"), "NULL")} END`,
    ]);
  });

  it("limits the update triggers to the carried columns when some are excluded", () => {
    const customers = { table: "customers", primaryKey: ["id"], columns: ["id", "email"], hasExcludedColumns: true };
    expect(sqliteCaptureV4.createTriggers(customers, "all-writes")[1]).toEqual(
      `CREATE TRIGGER "_strangler_capture_customers_update" AFTER UPDATE OF "id", "email" ON "customers" FOR EACH ROW WHEN OLD."id" IS NEW."id" BEGIN ${head(false)} VALUES ('customers', 'update', json_object('id', NEW."id"), (SELECT MAX("position") FROM "_strangler_changes" WHERE "table_name" = 'customers' AND "pk" = json_object('id', NEW."id")), json_object('id', OLD."id", 'email', OLD."email"), json_object('id', NEW."id", 'email', NEW."email"), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT COALESCE("origin", "source") FROM ${context} WHERE "id" = 1), ${stamp}); END`,
    );
  });

  it("drops the same triggers as v1–v3 (same names)", () => {
    expect(sqliteCaptureV4.dropTriggers("products")).toEqual([
      `DROP TRIGGER IF EXISTS "_strangler_capture_products_insert"`,
      `DROP TRIGGER IF EXISTS "_strangler_capture_products_update"`,
      `DROP TRIGGER IF EXISTS "_strangler_capture_products_rekey"`,
      `DROP TRIGGER IF EXISTS "_strangler_capture_products_delete"`,
    ]);
  });

  it("is version 4 and cannot be altered at run time", () => {
    expect(sqliteCaptureV4.version).toBe(4);
    expect(Object.isFrozen(sqliteCaptureV4)).toBe(true);
  });
});
