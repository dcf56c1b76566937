import { sqliteCaptureV2 } from "./sqlite-capture-v2";

// Pins the SQL of the frozen v2 generator: migrations that ran it must mean the same forever.
// If this test fails, do not update the expectations: put the change in sqlite-capture-v3.ts.
describe("sqliteCaptureV2 (frozen)", () => {
  const local = `(SELECT "origin" FROM "_strangler_capture_context" WHERE "id" = 1) IS NULL`;
  const log = (op: string, row: "NEW" | "OLD", before: string, after: string) =>
    `INSERT INTO "_strangler_changes" ("table_name", "op", "pk", "previous_position", "old_row", "new_row", "committed_at", "origin") VALUES ('products', '${op}', json_object('id', ${row}."id"), (SELECT MAX("position") FROM "_strangler_changes" WHERE "table_name" = 'products' AND "pk" = json_object('id', ${row}."id")), ${before}, ${after}, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT COALESCE("origin", "source") FROM "_strangler_capture_context" WHERE "id" = 1));`;
  const json = (row: "NEW" | "OLD") => `json_object('id', ${row}."id", 'name', ${row}."name")`;

  it("emits triggers that log only writes without a capture origin", () => {
    const shape = { table: "products", primaryKey: ["id"], columns: ["id", "name"], hasExcludedColumns: false };
    expect(sqliteCaptureV2.createTriggers(shape)).toEqual([
      `CREATE TRIGGER "_strangler_capture_products_insert" AFTER INSERT ON "products" FOR EACH ROW WHEN ${local} BEGIN ${log("insert", "NEW", "NULL", json("NEW"))} END`,
      `CREATE TRIGGER "_strangler_capture_products_update" AFTER UPDATE ON "products" FOR EACH ROW WHEN OLD."id" IS NEW."id" AND ${local} BEGIN ${log("update", "NEW", json("OLD"), json("NEW"))} END`,
      `CREATE TRIGGER "_strangler_capture_products_rekey" AFTER UPDATE ON "products" FOR EACH ROW WHEN NOT (OLD."id" IS NEW."id") AND ${local} BEGIN ${log("delete", "OLD", json("OLD"), "NULL")} ${log("insert", "NEW", "NULL", json("NEW"))} END`,
      `CREATE TRIGGER "_strangler_capture_products_delete" AFTER DELETE ON "products" FOR EACH ROW WHEN ${local} BEGIN ${log("delete", "OLD", json("OLD"), "NULL")} END`,
    ]);
  });

  it("drops the same triggers as v1 (same names)", () => {
    expect(sqliteCaptureV2.dropTriggers("products")).toEqual([
      `DROP TRIGGER IF EXISTS "_strangler_capture_products_insert"`,
      `DROP TRIGGER IF EXISTS "_strangler_capture_products_update"`,
      `DROP TRIGGER IF EXISTS "_strangler_capture_products_rekey"`,
      `DROP TRIGGER IF EXISTS "_strangler_capture_products_delete"`,
    ]);
  });

  it("is version 2 and cannot be altered at run time", () => {
    expect(sqliteCaptureV2.version).toBe(2);
    expect(Object.isFrozen(sqliteCaptureV2)).toBe(true);
  });
});
