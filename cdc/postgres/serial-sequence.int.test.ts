import type { DataSource } from "typeorm";
import { tempPostgresDatabase, type TempPostgresDatabase } from "../../testing/postgres";
import { keepSerialAhead } from "./serial-sequence";

let database: TempPostgresDatabase;
let db: DataSource;

beforeAll(async () => {
  database = await tempPostgresDatabase();
  db = database.dataSource();
  await db.initialize();
  await db.query(`CREATE TABLE products (id serial PRIMARY KEY, name text NOT NULL)`);
  await db.query(`CREATE TABLE notes (id integer PRIMARY KEY)`);
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

describe("keepSerialAhead", () => {
  it("moves the id sequence above rows inserted with explicit ids, so the application's next insert gets a free id", async () => {
    await db.query(`INSERT INTO products (name) VALUES ('legacy')`);
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO products (id, name) VALUES (40, 'from the service'), (41, 'from the service')`);
      await keepSerialAhead(tx, "products");
    });
    expect(await db.query(`INSERT INTO products (name) VALUES ('legacy again') RETURNING id`)).toEqual([{ id: 42 }]);
  });

  it("does nothing for a column without a sequence, nor on an empty table", async () => {
    await db.transaction(async (tx) => {
      await keepSerialAhead(tx, "notes");
      await tx.query(`DELETE FROM products`);
      await keepSerialAhead(tx, "products");
    });
    expect(await db.query(`INSERT INTO products (name) VALUES ('first') RETURNING id`)).toEqual([{ id: 1 }]);
  });
});
