import { existsSync } from "node:fs";
import { Client } from "pg";
import request from "supertest";
import { TEST_POSTGRES_URL, tempPostgresDatabase } from "../postgres";
import { tempDir } from "../temp-dir";
import { startMonolith } from "./start-monolith";
import { startMonolithOn } from "./start-monolith-on";

describe("startMonolith", () => {
  it("serves a seeded shop from the given folder and leaves the folder to its owner", async () => {
    const dir = tempDir("start-monolith-");
    try {
      const shop = await startMonolith({ dataDir: dir.path, seed: { categories: 2, products: 30, customers: 3, orders: 4 } });
      try {
        const res = await request(shop.url).get("/products").query({ pageSize: 1 });
        expect(res.body.total).toBe(30);
        expect((await shop.dataSource.query("SELECT COUNT(*) AS n FROM orders"))[0].n).toBe(4);
        await request(shop.url).post("/categories").set("Authorization", `Bearer ${shop.adminToken}`).send({ slug: "kit", name: "Kit" }).expect(201);
      } finally {
        await shop.close();
      }
      expect(existsSync(dir.file("monolith.sqlite"))).toBe(true);
    } finally {
      dir.remove();
    }
  });

  it("starts an empty shop in a temp folder it removes on close", async () => {
    const shop = await startMonolith();
    const databasePath = shop.dataSource.options.database as string;
    expect((await request(shop.url).get("/categories")).body.items).toEqual([]);
    await shop.close();
    expect(existsSync(databasePath)).toBe(false);
  });

  it("serves a seeded shop from a PostgreSQL database it leaves to its owner", async () => {
    const database = await tempPostgresDatabase();
    try {
      const shop = await startMonolith({ databaseUrl: database.url, seed: { categories: 2, products: 30, customers: 3, orders: 4 } });
      try {
        expect(shop.dataSource.options.type).toBe("postgres");
        expect((await request(shop.url).get("/products").query({ pageSize: 1 })).body.total).toBe(30);
        await request(shop.url).post("/categories").set("Authorization", `Bearer ${shop.adminToken}`).send({ slug: "kit", name: "Kit" }).expect(201);
      } finally {
        await shop.close();
      }
      const client = await database.client();
      try {
        expect((await client.query("SELECT CAST(COUNT(*) AS INTEGER) AS n FROM orders")).rows).toEqual([{ n: 4 }]);
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  });

  it("drops the PostgreSQL database it made itself on close (startMonolithOn)", async () => {
    const shop = await startMonolithOn("postgres");
    const name = (shop.dataSource.options as { url: string }).url.split("/").pop();
    const client = new Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    const exists = async () => (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount;
    try {
      expect(await exists()).toBe(1);
      await shop.close();
      expect(await exists()).toBe(0);
    } finally {
      await client.end();
    }
  });
});
