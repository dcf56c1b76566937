import { existsSync } from "node:fs";
import request from "supertest";
import { tempDir } from "../temp-dir";
import { startMonolith } from "./start-monolith";

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
});
