import { sqliteCaptureV3 } from "./sqlite-capture-v3";

// Pins the SQL of the frozen v3 generator: migrations that ran it must mean the same forever.
// If this test fails, do not update the expectations: put the change in sqlite-capture-v4.ts.
describe("sqliteCaptureV3 (frozen)", () => {
  const context = `"_strangler_capture_context"`;
  const local = `(SELECT "origin" FROM ${context} WHERE "id" = 1) IS NULL`;
  const log = (table: string, op: string, pk: string, before: string, after: string) =>
    `INSERT INTO "_strangler_changes" ("table_name", "op", "pk", "previous_position", "old_row", "new_row", "committed_at", "origin", "request_id") VALUES ('${table}', '${op}', ${pk}, (SELECT MAX("position") FROM "_strangler_changes" WHERE "table_name" = '${table}' AND "pk" = ${pk}), ${before}, ${after}, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT COALESCE("origin", "source") FROM ${context} WHERE "id" = 1), (SELECT "request_id" FROM ${context} WHERE "id" = 1));`;

  it("adds (and drops) the request-id columns of the change log and the capture context", () => {
    expect(sqliteCaptureV3.addRequestIdColumns()).toEqual([
      `ALTER TABLE "_strangler_changes" ADD COLUMN "request_id" TEXT`,
      `ALTER TABLE "_strangler_capture_context" ADD COLUMN "request_id" TEXT`,
    ]);
    expect(sqliteCaptureV3.dropRequestIdColumns()).toEqual([
      `ALTER TABLE "_strangler_capture_context" DROP COLUMN "request_id"`,
      `ALTER TABLE "_strangler_changes" DROP COLUMN "request_id"`,
    ]);
  });

  it("emits triggers that log only local writes, each with the context's request id", () => {
    const shape = { table: "products", primaryKey: ["id"], columns: ["id", "name"], hasExcludedColumns: false };
    const pk = (row: "NEW" | "OLD") => `json_object('id', ${row}."id")`;
    const json = (row: "NEW" | "OLD") => `json_object('id', ${row}."id", 'name', ${row}."name")`;
    expect(sqliteCaptureV3.createTriggers(shape)).toEqual([
      `CREATE TRIGGER "_strangler_capture_products_insert" AFTER INSERT ON "products" FOR EACH ROW WHEN ${local} BEGIN ${log("products", "insert", pk("NEW"), "NULL", json("NEW"))} END`,
      `CREATE TRIGGER "_strangler_capture_products_update" AFTER UPDATE ON "products" FOR EACH ROW WHEN OLD."id" IS NEW."id" AND ${local} BEGIN ${log("products", "update", pk("NEW"), json("OLD"), json("NEW"))} END`,
      `CREATE TRIGGER "_strangler_capture_products_rekey" AFTER UPDATE ON "products" FOR EACH ROW WHEN NOT (OLD."id" IS NEW."id") AND ${local} BEGIN ${log("products", "delete", pk("OLD"), json("OLD"), "NULL")} ${log("products", "insert", pk("NEW"), "NULL", json("NEW"))} END`,
      `CREATE TRIGGER "_strangler_capture_products_delete" AFTER DELETE ON "products" FOR EACH ROW WHEN ${local} BEGIN ${log("products", "delete", pk("OLD"), json("OLD"), "NULL")} END`,
    ]);
  });

  it("limits the update triggers to the carried columns when some are excluded, and keys composite keys in order", () => {
    const shape = { table: "lines", primaryKey: ["order_id", "line_no"], columns: ["order_id", "line_no", "qty"], hasExcludedColumns: true };
    const pk = (row: "NEW" | "OLD") => `json_object('order_id', ${row}."order_id", 'line_no', ${row}."line_no")`;
    const json = (row: "NEW" | "OLD") => `json_object('order_id', ${row}."order_id", 'line_no', ${row}."line_no", 'qty', ${row}."qty")`;
    const [, update, rekey] = sqliteCaptureV3.createTriggers(shape);
    expect(update).toEqual(
      `CREATE TRIGGER "_strangler_capture_lines_update" AFTER UPDATE OF "order_id", "line_no", "qty" ON "lines" FOR EACH ROW WHEN OLD."order_id" IS NEW."order_id" AND OLD."line_no" IS NEW."line_no" AND ${local} BEGIN ${log("lines", "update", pk("NEW"), json("OLD"), json("NEW"))} END`,
    );
    expect(rekey).toEqual(
      `CREATE TRIGGER "_strangler_capture_lines_rekey" AFTER UPDATE OF "order_id", "line_no", "qty" ON "lines" FOR EACH ROW WHEN NOT (OLD."order_id" IS NEW."order_id" AND OLD."line_no" IS NEW."line_no") AND ${local} BEGIN ${log("lines", "delete", pk("OLD"), json("OLD"), "NULL")} ${log("lines", "insert", pk("NEW"), "NULL", json("NEW"))} END`,
    );
  });

  it("drops the same triggers as v1 and v2 (same names)", () => {
    expect(sqliteCaptureV3.dropTriggers("products")).toEqual([
      `DROP TRIGGER IF EXISTS "_strangler_capture_products_insert"`,
      `DROP TRIGGER IF EXISTS "_strangler_capture_products_update"`,
      `DROP TRIGGER IF EXISTS "_strangler_capture_products_rekey"`,
      `DROP TRIGGER IF EXISTS "_strangler_capture_products_delete"`,
    ]);
  });

  it("is version 3 and cannot be altered at run time", () => {
    expect(sqliteCaptureV3.version).toBe(3);
    expect(Object.isFrozen(sqliteCaptureV3)).toBe(true);
  });
});
