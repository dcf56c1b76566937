import "reflect-metadata";
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import type { DataSource } from "typeorm";
import { adminCall, freePort, rawRequest, startMonolith, tempDir, testNatsServer, waitUntil, type RunningMonolith, type TempDir, type TestNatsServer } from "../../testing";
import { setCatalogOwner, startCatalogProxy, type CatalogProxy } from "../../testing/catalog";
import { startRelay, type RunningRelay } from "../../cdc";
import { createCatalogDataSource, openCatalogDatabase } from ".";
import { backfillService } from "../../service-kit";
import { catalogSync } from "./sync";

const ROOT = join(__dirname, "..", "..");
const ENTRY = join(ROOT, "extracted", "catalog", "main.ts");
const METRICS_TOKEN = "a-long-metrics-token-for-tests";

jest.setTimeout(120_000);

interface CatalogProcess {
  child: ChildProcess;
  output(): string;
  /** The JSON log lines printed so far. */
  lines(): Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

/**
 * The real catalog service (main.ts) as `npm start` runs it: both sync directions, its relay, the
 * ownership keeper (pointed at the test proxy's admin API), GET /metrics.
 */
describe("the catalog process: /metrics and request ids in change events", () => {
  let dir: TempDir;
  let nats: TestNatsServer;
  let shop: RunningMonolith;
  let relay: RunningRelay;
  let catalogDb: DataSource;
  let proxy: CatalogProxy;
  let port: number;
  let catalogUrl: string;
  let running: CatalogProcess | null = null;

  async function startCatalogProcess(): Promise<CatalogProcess> {
    const child = spawn(process.execPath, ["--import", "tsx", ENTRY], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        STRANGLER_DATA_DIR: dir.path,
        CATALOG_PORT: String(port),
        NATS_URL: nats.url,
        SHOP_ADMIN_TOKEN: shop.adminToken,
        STRANGLER_ADMIN_URL: proxy.adminUrl,
        STRANGLER_ADMIN_TOKEN: proxy.adminToken,
        STRANGLER_METRICS_TOKEN: METRICS_TOKEN,
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const started: CatalogProcess = {
      child,
      output: () => output,
      lines: () =>
        output
          .split("\n")
          .filter((line) => line.startsWith("{"))
          .map((line) => JSON.parse(line) as Record<string, unknown>),
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
        await exited;
      },
    };
    running = started;
    try {
      await waitUntil(async () => {
        if (child.exitCode !== null) throw new Error(`the catalog exited: ${output}`);
        return (await rawRequest(catalogUrl, { path: "/healthz" }).catch(() => ({ status: 0 }))).status === 200;
      }, 60_000, 100);
    } catch (err) {
      await started.stop();
      throw err;
    }
    return started;
  }

  const scrape = (token: string | null = METRICS_TOKEN) => rawRequest(catalogUrl, { path: "/metrics", headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const sample = (text: string, name: string, labels: string): number => Number(new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, "m").exec(text)?.[1] ?? Number.NaN);

  beforeAll(async () => {
    dir = tempDir("catalog-observability-");
    nats = await testNatsServer();
    shop = await startMonolith({ dataDir: dir.path, seed: { categories: 3, products: 10, customers: 1, orders: 1 } });
    relay = await startRelay({ db: shop.dataSource, url: nats.url });
    catalogDb = createCatalogDataSource(join(dir.path, "catalog.sqlite"));
    await openCatalogDatabase(catalogDb);
    await backfillService(catalogSync, shop.dataSource, catalogDb);
    port = await freePort();
    catalogUrl = `http://127.0.0.1:${port}`;
    proxy = await startCatalogProxy(shop.url, catalogUrl);
  });

  afterAll(async () => {
    await running?.stop();
    await proxy?.close();
    await catalogDb?.destroy();
    await relay?.stop();
    await shop?.close();
    await nats?.close();
    dir?.remove();
  });

  it("serves both consumers' and its relay's cdc metrics on GET /metrics after real changes flowed, only with the token", async () => {
    const catalog = await startCatalogProcess();
    // A monolith write (the monolith owns the catalog's writes): the forward consumer applies it.
    await shop.dataSource.query(`UPDATE "products" SET "name" = 'Renamed by the monolith' WHERE "id" = 1`);

    let text = "";
    await waitUntil(async () => {
      text = (await scrape()).body;
      return sample(text, "cdc_commit_to_apply_seconds_count", 'stream="CDC_MONOLITH",consumer="catalog-from-monolith"') > 0;
    }, 30_000, 100);
    expect(text).toMatch(/^cdc_commit_to_apply_seconds_bucket\{le="\+Inf",stream="CDC_MONOLITH",consumer="catalog-from-monolith"\} [1-9]\d*$/m);
    expect(sample(text, "cdc_consumer_applied_total", 'stream="CDC_MONOLITH",consumer="catalog-from-monolith"')).toBeGreaterThan(0);
    // The reverse direction and the catalog's relay report too (gauges set once they ran a turn).
    await waitUntil(async () => {
      text = (await scrape()).body;
      return sample(text, "cdc_consumer_backlog", 'stream="CDC_CATALOG",consumer="monolith-from-catalog"') === 0 && sample(text, "cdc_relay_backlog", 'source="catalog",stream="CDC_CATALOG"') === 0;
    }, 30_000, 100);
    expect(sample(text, "cdc_parked_changes", 'stream="CDC_MONOLITH",consumer="catalog-from-monolith"')).toBe(0);
    expect(sample(text, "cdc_parked_changes", 'stream="CDC_CATALOG",consumer="monolith-from-catalog"')).toBe(0);
    expect(text).toContain("process_cpu_user_seconds_total");

    for (const token of [null, "not-the-metrics-token", proxy.adminToken]) {
      const refused = await scrape(token);
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.body)).toEqual({ error: { code: "CATALOG_ERR_METRICS_UNAUTHORIZED", message: expect.any(String) } });
      expect(refused.body).not.toContain("cdc_");
    }
    await catalog.stop();
  });

  it("carries the x-request-id of a write through the proxy into the catalog's change log, its change event and the reverse consumer's log", async () => {
    // The catalog owns the writes now; at start its keeper fences the monolith and routes the group to the service.
    await setCatalogOwner(catalogDb, "service");
    const catalog = await startCatalogProcess();
    await waitUntil(async () => {
      const { groups } = JSON.parse((await adminCall(proxy, "GET", "/groups")).body) as { groups: Array<{ group: string; stage: string; fenced: boolean }> };
      const writes = groups.find((group) => group.group === "catalog-writes");
      return writes?.stage === "service" && !writes.fenced;
    }, 30_000, 100);

    const written = await rawRequest(proxy.url, {
      method: "POST",
      path: "/categories",
      headers: { "content-type": "application/json", authorization: `Bearer ${shop.adminToken}`, "x-request-id": "abc" },
      body: JSON.stringify({ name: "Traced", slug: "traced" }),
    });
    expect(written.status).toBe(201);
    expect(written.headers["x-served-by"]).toBe("catalog");
    expect(written.headers["x-request-id"]).toBe("abc");

    // The catalog's change log (capture v3) has it, and the reverse consumer logs it when it applies the change to the monolith.
    const [row] = (await catalogDb.query(`SELECT "table_name", "op", "request_id" FROM "_strangler_changes" ORDER BY "position" DESC LIMIT 1`)) as Array<Record<string, unknown>>;
    expect(row).toEqual({ table_name: "categories", op: "insert", request_id: "abc" });
    await waitUntil(() => catalog.lines().some((line) => line.message === "change applied" && line.requestId === "abc"), 30_000, 100);
    const applied = catalog.lines().find((line) => line.message === "change applied" && line.requestId === "abc")!;
    expect(applied).toMatchObject({ service: "catalog", table: "categories", op: "insert", id: expect.stringMatching(/^catalog:\d+$/) });
    expect((await shop.dataSource.query(`SELECT "name" FROM "categories" WHERE "slug" = 'traced'`)) as unknown[]).toEqual([{ name: "Traced" }]);
    // The request's own log line has the same id: one grep follows the write from the proxy to the monolith's copy.
    expect(catalog.lines().some((line) => line.requestId === "abc" && line.message !== "change applied")).toBe(true);
    // A write without a request id context leaves none behind in the capture context.
    expect(await catalogDb.query(`SELECT "request_id" FROM "_strangler_capture_context"`)).toEqual([{ request_id: null }]);
    await catalog.stop();
  });
});
