import { WRITE_FENCED_MARK } from "../../platform";
import { sqliteWriteFenceV1 } from "./sqlite-write-fence-v1";

// Pins the SQL of the frozen v1 write fence: migrations that ran it must mean the same forever.
// If this test fails, do not update the expectations: put the change in sqlite-write-fence-v2.ts.
describe("sqliteWriteFenceV1 (frozen)", () => {
  it("emits the same fence table", () => {
    expect(sqliteWriteFenceV1.createTable()).toEqual([
      `CREATE TABLE IF NOT EXISTS "_strangler_write_fence" ("table_name" TEXT PRIMARY KEY, "fenced_at" TEXT NOT NULL, "reason" TEXT)`,
    ]);
    expect(sqliteWriteFenceV1.dropTable()).toEqual([`DROP TABLE IF EXISTS "_strangler_write_fence"`]);
  });

  it("emits the same BEFORE insert, update and delete triggers", () => {
    const when = `WHEN EXISTS (SELECT 1 FROM "_strangler_write_fence" WHERE "table_name" = 'products') AND (SELECT "origin" FROM "_strangler_capture_context" WHERE "id" = 1) IS NULL`;
    const raise = `BEGIN SELECT RAISE(ABORT, 'STRANGLER_WRITE_FENCED: writes to "products" are fenced: this database does not own them now'); END`;
    expect(sqliteWriteFenceV1.createTriggers("products")).toEqual([
      `CREATE TRIGGER "_strangler_fence_products_insert" BEFORE INSERT ON "products" FOR EACH ROW ${when} ${raise}`,
      `CREATE TRIGGER "_strangler_fence_products_update" BEFORE UPDATE ON "products" FOR EACH ROW ${when} ${raise}`,
      `CREATE TRIGGER "_strangler_fence_products_delete" BEFORE DELETE ON "products" FOR EACH ROW ${when} ${raise}`,
    ]);
  });

  it("quotes a table name with quotes in it", () => {
    const [insert] = sqliteWriteFenceV1.createTriggers(`it's "odd"`);
    expect(insert).toContain(`ON "it's ""odd"""`);
    expect(insert).toContain(`"table_name" = 'it''s "odd"'`);
  });

  it("emits the same drop statements", () => {
    expect(sqliteWriteFenceV1.dropTriggers("products")).toEqual([
      `DROP TRIGGER IF EXISTS "_strangler_fence_products_insert"`,
      `DROP TRIGGER IF EXISTS "_strangler_fence_products_update"`,
      `DROP TRIGGER IF EXISTS "_strangler_fence_products_delete"`,
    ]);
  });

  it("raises the mark platform's isWriteFencedError looks for", () => {
    for (const trigger of sqliteWriteFenceV1.createTriggers("categories")) expect(trigger).toContain(`RAISE(ABORT, '${WRITE_FENCED_MARK}: `);
  });

  it("is version 1 and cannot be altered at run time", () => {
    expect(sqliteWriteFenceV1.version).toBe(1);
    expect(Object.isFrozen(sqliteWriteFenceV1)).toBe(true);
  });
});
