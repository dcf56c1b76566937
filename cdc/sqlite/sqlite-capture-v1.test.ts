import { sqliteCaptureV1 } from "./sqlite-capture-v1";

// Pins the SQL of the frozen v1 generator: migrations that ran it must mean the same forever.
// If this test fails, do not update the expectations: put the change in sqlite-capture-v2.ts.
describe("sqliteCaptureV1 (frozen)", () => {
  it("emits the same change log and context tables", () => {
    expect(sqliteCaptureV1.createLog("shop")).toEqual([
      `CREATE TABLE IF NOT EXISTS "_strangler_changes" ("position" INTEGER PRIMARY KEY AUTOINCREMENT, "table_name" TEXT NOT NULL, "op" TEXT NOT NULL CHECK ("op" IN ('insert', 'update', 'delete')), "pk" TEXT NOT NULL, "previous_position" INTEGER, "old_row" TEXT, "new_row" TEXT, "committed_at" TEXT NOT NULL, "origin" TEXT NOT NULL, "published" INTEGER NOT NULL DEFAULT 0)`,
      `CREATE INDEX IF NOT EXISTS "_strangler_changes_unpublished" ON "_strangler_changes" ("position") WHERE "published" = 0`,
      `CREATE INDEX IF NOT EXISTS "_strangler_changes_row" ON "_strangler_changes" ("table_name", "pk", "position")`,
      `CREATE TABLE IF NOT EXISTS "_strangler_capture_context" ("id" INTEGER PRIMARY KEY CHECK ("id" = 1), "source" TEXT NOT NULL, "origin" TEXT)`,
      `INSERT OR IGNORE INTO "_strangler_capture_context" ("id", "source", "origin") VALUES (1, 'shop', NULL)`,
    ]);
  });

  it("emits the same triggers for a table with a composite primary key", () => {
    const shape = { table: "order_lines", primaryKey: ["order_id", "line_no"], columns: ["order_id", "line_no", "qty"], hasExcludedColumns: false };
    expect(sqliteCaptureV1.createTriggers(shape)).toEqual([
      `CREATE TRIGGER "_strangler_capture_order_lines_insert" AFTER INSERT ON "order_lines" FOR EACH ROW BEGIN INSERT INTO "_strangler_changes" ("table_name", "op", "pk", "previous_position", "old_row", "new_row", "committed_at", "origin") VALUES ('order_lines', 'insert', json_object('order_id', NEW."order_id", 'line_no', NEW."line_no"), (SELECT MAX("position") FROM "_strangler_changes" WHERE "table_name" = 'order_lines' AND "pk" = json_object('order_id', NEW."order_id", 'line_no', NEW."line_no")), NULL, json_object('order_id', NEW."order_id", 'line_no', NEW."line_no", 'qty', NEW."qty"), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT COALESCE("origin", "source") FROM "_strangler_capture_context" WHERE "id" = 1)); END`,
      `CREATE TRIGGER "_strangler_capture_order_lines_update" AFTER UPDATE ON "order_lines" FOR EACH ROW WHEN OLD."order_id" IS NEW."order_id" AND OLD."line_no" IS NEW."line_no" BEGIN INSERT INTO "_strangler_changes" ("table_name", "op", "pk", "previous_position", "old_row", "new_row", "committed_at", "origin") VALUES ('order_lines', 'update', json_object('order_id', NEW."order_id", 'line_no', NEW."line_no"), (SELECT MAX("position") FROM "_strangler_changes" WHERE "table_name" = 'order_lines' AND "pk" = json_object('order_id', NEW."order_id", 'line_no', NEW."line_no")), json_object('order_id', OLD."order_id", 'line_no', OLD."line_no", 'qty', OLD."qty"), json_object('order_id', NEW."order_id", 'line_no', NEW."line_no", 'qty', NEW."qty"), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT COALESCE("origin", "source") FROM "_strangler_capture_context" WHERE "id" = 1)); END`,
      `CREATE TRIGGER "_strangler_capture_order_lines_rekey" AFTER UPDATE ON "order_lines" FOR EACH ROW WHEN NOT (OLD."order_id" IS NEW."order_id" AND OLD."line_no" IS NEW."line_no") BEGIN INSERT INTO "_strangler_changes" ("table_name", "op", "pk", "previous_position", "old_row", "new_row", "committed_at", "origin") VALUES ('order_lines', 'delete', json_object('order_id', OLD."order_id", 'line_no', OLD."line_no"), (SELECT MAX("position") FROM "_strangler_changes" WHERE "table_name" = 'order_lines' AND "pk" = json_object('order_id', OLD."order_id", 'line_no', OLD."line_no")), json_object('order_id', OLD."order_id", 'line_no', OLD."line_no", 'qty', OLD."qty"), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT COALESCE("origin", "source") FROM "_strangler_capture_context" WHERE "id" = 1)); INSERT INTO "_strangler_changes" ("table_name", "op", "pk", "previous_position", "old_row", "new_row", "committed_at", "origin") VALUES ('order_lines', 'insert', json_object('order_id', NEW."order_id", 'line_no', NEW."line_no"), (SELECT MAX("position") FROM "_strangler_changes" WHERE "table_name" = 'order_lines' AND "pk" = json_object('order_id', NEW."order_id", 'line_no', NEW."line_no")), NULL, json_object('order_id', NEW."order_id", 'line_no', NEW."line_no", 'qty', NEW."qty"), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT COALESCE("origin", "source") FROM "_strangler_capture_context" WHERE "id" = 1)); END`,
      `CREATE TRIGGER "_strangler_capture_order_lines_delete" AFTER DELETE ON "order_lines" FOR EACH ROW BEGIN INSERT INTO "_strangler_changes" ("table_name", "op", "pk", "previous_position", "old_row", "new_row", "committed_at", "origin") VALUES ('order_lines', 'delete', json_object('order_id', OLD."order_id", 'line_no', OLD."line_no"), (SELECT MAX("position") FROM "_strangler_changes" WHERE "table_name" = 'order_lines' AND "pk" = json_object('order_id', OLD."order_id", 'line_no', OLD."line_no")), json_object('order_id', OLD."order_id", 'line_no', OLD."line_no", 'qty', OLD."qty"), NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT COALESCE("origin", "source") FROM "_strangler_capture_context" WHERE "id" = 1)); END`,
    ]);
  });

  it("limits the update trigger to the carried columns when some are excluded", () => {
    const shape = { table: "customers", primaryKey: ["id"], columns: ["id", "email"], hasExcludedColumns: true };
    expect(sqliteCaptureV1.createTriggers(shape)[1]).toEqual(`CREATE TRIGGER "_strangler_capture_customers_update" AFTER UPDATE OF "id", "email" ON "customers" FOR EACH ROW WHEN OLD."id" IS NEW."id" BEGIN INSERT INTO "_strangler_changes" ("table_name", "op", "pk", "previous_position", "old_row", "new_row", "committed_at", "origin") VALUES ('customers', 'update', json_object('id', NEW."id"), (SELECT MAX("position") FROM "_strangler_changes" WHERE "table_name" = 'customers' AND "pk" = json_object('id', NEW."id")), json_object('id', OLD."id", 'email', OLD."email"), json_object('id', NEW."id", 'email', NEW."email"), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), (SELECT COALESCE("origin", "source") FROM "_strangler_capture_context" WHERE "id" = 1)); END`);
  });

  it("emits the same drop statements", () => {
    expect(sqliteCaptureV1.dropTriggers("order_lines")).toEqual([
      `DROP TRIGGER IF EXISTS "_strangler_capture_order_lines_insert"`,
      `DROP TRIGGER IF EXISTS "_strangler_capture_order_lines_update"`,
      `DROP TRIGGER IF EXISTS "_strangler_capture_order_lines_rekey"`,
      `DROP TRIGGER IF EXISTS "_strangler_capture_order_lines_delete"`,
    ]);
    expect(sqliteCaptureV1.dropLog()).toEqual([
      `DROP TABLE IF EXISTS "_strangler_capture_context"`,
      `DROP TABLE IF EXISTS "_strangler_changes"`,
    ]);
  });

  it("is version 1 and cannot be altered at run time", () => {
    expect(sqliteCaptureV1.version).toBe(1);
    expect(Object.isFrozen(sqliteCaptureV1)).toBe(true);
  });
});
