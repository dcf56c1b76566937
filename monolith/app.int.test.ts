import "reflect-metadata";
import { Writable } from "node:stream";
import request from "supertest";
import winston from "winston";
import { tempDir, type TempDir } from "../testing";
import { createApp } from "./app";
import { readConfig } from "./config";
import { createShopDataSource, openShopDatabase } from "./data-source";
import type { DataSource } from "typeorm";

const lines: Record<string, unknown>[] = [];
const memory = new Writable({
  objectMode: true,
  write(info: Record<string, unknown>, _encoding, done) {
    lines.push(JSON.parse(JSON.stringify(info)));
    done();
  },
});

let dir: TempDir;
let dataSource: DataSource;
const logger = winston.createLogger({ defaultMeta: { service: "monolith" }, transports: [new winston.transports.Stream({ stream: memory })] });

beforeAll(async () => {
  dir = tempDir("monolith-app-");
  dataSource = createShopDataSource(dir.file("monolith.sqlite"));
  await openShopDatabase(dataSource);
});

afterAll(async () => {
  if (dataSource.isInitialized) await dataSource.destroy();
  dir.remove();
});

const app = () => createApp({ dataSource, config: readConfig({ SHOP_ADMIN_TOKEN: "app-test-admin-token" }), logger });

describe("shop app", () => {
  it("logs one JSON line per request with method, path, status, duration and request id", async () => {
    lines.length = 0;
    await request(app()).get("/products?page=1").set("x-request-id", "log-test-1").expect(200);
    await request(app()).get("/products/999").set("x-request-id", "log-test-2").expect(404);
    const requests = lines.filter((line) => line.message === "request");
    expect(requests).toEqual([
      expect.objectContaining({ service: "monolith", method: "GET", path: "/products", status: 200, requestId: "log-test-1", durationMs: expect.any(Number) }),
      expect.objectContaining({ method: "GET", path: "/products/999", status: 404, requestId: "log-test-2" }),
    ]);
  });

  it("creates its schema only through migrations, so running them again applies nothing", async () => {
    expect(await openShopDatabase(dataSource)).toEqual([]);
    const tables = await dataSource.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
    expect(tables.map((table: { name: string }) => table.name)).toEqual(
      expect.arrayContaining(["categories", "customers", "migrations", "order_lines", "orders", "products", "sessions", "stock_levels"]),
    );
  });

  it("answers /healthz with 503 once the database is gone", async () => {
    const shop = app();
    await dataSource.destroy();
    const res = await request(shop).get("/healthz");
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe("SHOP_ERR_DATABASE_UNAVAILABLE");
  });
});
