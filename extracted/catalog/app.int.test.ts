import request from "supertest";
import { syncStatusSchema } from "../../contracts";
import { startCatalog, type RunningCatalog } from "../../testing/catalog";

describe("catalog service without sync", () => {
  let catalog: RunningCatalog;

  beforeAll(async () => {
    catalog = await startCatalog();
  });

  afterAll(async () => {
    await catalog.close();
  });

  it("answers /healthz and names itself on every answer", async () => {
    const answer = await request(catalog.url).get("/healthz");
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: "ok" });
    expect(answer.headers["x-served-by"]).toBe("catalog");
  });

  it("answers an empty catalog in the legacy shapes", async () => {
    const products = await request(catalog.url).get("/products");
    expect(products.body).toEqual({ items: [], page: 1, pageSize: 20, total: 0 });
    expect(products.headers["x-total-count"]).toBe("0");
    expect((await request(catalog.url).get("/categories")).body).toEqual({ items: [] });
  });

  it("answers paths it does not own with the legacy 404 envelope", async () => {
    const answer = await request(catalog.url).post("/orders").send({ lines: [] });
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: { code: "SHOP_ERR_NOT_FOUND", message: "No route for POST /orders" } });
  });

  it("reports no streams on /internal/sync/status while sync is off", async () => {
    const answer = await request(catalog.url).get("/internal/sync/status");
    expect(syncStatusSchema.parse(answer.body)).toEqual({ service: "catalog", streams: [], ownership: [] });
  });

  it("answers 503 CATALOG_ERR_DATABASE_UNAVAILABLE when its database is gone", async () => {
    const other = await startCatalog();
    await other.dataSource.destroy();
    const answer = await request(other.url).get("/healthz");
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe("CATALOG_ERR_DATABASE_UNAVAILABLE");
    await other.close();
  });
});
