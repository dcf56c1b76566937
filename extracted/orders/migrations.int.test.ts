import { join } from "node:path";
import { tempDir, type TempDir } from "../../testing";
import { createOrdersDataSource, openOrdersDatabase } from "./data-source";

/**
 * After every migration of orders.sqlite, the moved tables still carry their capture triggers (the
 * reverse sync's source) and their write-fence triggers. A migration that rebuilds a SQLite table
 * (TypeORM's addColumn does) drops both silently: orders written by the service would never reach
 * the monolith, and a fenced table would take writes.
 */
describe("orders.sqlite migrations", () => {
  let dir: TempDir;
  beforeAll(() => {
    dir = tempDir("orders-migrations-");
  });
  afterAll(() => dir.remove());

  it("leave the capture and fence triggers of orders and order_lines in place", async () => {
    const db = createOrdersDataSource(join(dir.path, "orders.sqlite"));
    await openOrdersDatabase(db);
    try {
      for (const table of ["orders", "order_lines"]) {
        const triggers = ((await db.query(`SELECT "name" FROM "sqlite_master" WHERE "type" = 'trigger' AND "tbl_name" = ? ORDER BY "name"`, [table])) as Array<{ name: string }>).map((row) => row.name);
        expect(triggers).toEqual(
          expect.arrayContaining([`_strangler_capture_${table}_insert`, `_strangler_capture_${table}_update`, `_strangler_capture_${table}_delete`, `_strangler_fence_${table}_insert`, `_strangler_fence_${table}_update`, `_strangler_fence_${table}_delete`]),
        );
      }
    } finally {
      await db.destroy();
    }
  });
});
