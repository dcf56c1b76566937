import { existsSync } from "node:fs";
import { SYNC_STATUS_PATH } from "../../contracts";
import { readPublishedThrough, startRelay, type RunningRelay } from "../../cdc";
import { installPgCaptureV2 } from "../../cdc/postgres/pg-capture-v2";
import { monolithRelayProgressFile } from "../../service-kit/sync/monolith-databases";
import {
  httpOnFreePort,
  runCli,
  startMonolith,
  tempDir,
  tempPostgresDatabase,
  testNatsServer,
  waitUntil,
  type CliResult,
  type RunningHttp,
  type RunningMonolith,
  type TempDir,
  type TempPostgresDatabase,
  type TestNatsServer,
} from "../../testing";
import { startServiceProxy, type ServiceProxy } from "../../testing/services";
import type { RelayView } from "./sync-view";

// Every test spawns the real bin (a second or more each on a busy machine), and the shop migrates
// and seeds a fresh PostgreSQL database: no test here has the 5 s default.
jest.setTimeout(120_000);

/** The relay's numbers as `status --json` and `sync status --json` print them. */
type RelayJson = RelayView;

describe("strangler status and sync status with the monolith on PostgreSQL (MONOLITH_DATABASE_URL)", () => {
  let dir: TempDir;
  let database: TempPostgresDatabase;
  let shop: RunningMonolith;
  let service: RunningHttp;
  let proxy: ServiceProxy;
  let nats: TestNatsServer;
  let relay: RunningRelay | undefined;
  /** The stub service also says it applies CDC_CATALOG (its own database's stream, reverse sync). */
  let reportsCatalog = false;

  const env = (databaseUrl = database.url): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    STRANGLER_ADMIN_URL: proxy.adminUrl,
    STRANGLER_ADMIN_TOKEN: proxy.adminToken,
    STRANGLER_DATA_DIR: dir.path,
    STRANGLER_CONFIG: proxy.routeTablePath,
    MONOLITH_DATABASE_URL: databaseUrl,
  });
  const cli = (...args: string[]): Promise<CliResult> => runCli(env(), ...args);
  const relayOf = (result: CliResult, pick: (json: Record<string, unknown>) => unknown): RelayJson[] => {
    expect(result.stderr).toBe("");
    return pick(JSON.parse(result.stdout) as Record<string, unknown>) as RelayJson[];
  };

  /** The log's head and its number of changes, straight from PostgreSQL. */
  async function logged(): Promise<{ head: number; count: number }> {
    const [row] = (await shop.dataSource.query(`SELECT COALESCE(MAX(position), 0)::int AS head, COUNT(*)::int AS count FROM strangler.changes`)) as Array<{ head: number; count: number }>;
    return row;
  }

  beforeAll(async () => {
    dir = tempDir("cli-status-pg-");
    database = await tempPostgresDatabase();
    // The shop's migrations install PostgreSQL capture; the seed's rows are its first changes.
    shop = await startMonolith({ databaseUrl: database.url, dataDir: dir.path, seed: { categories: 2, products: 6, customers: 1, orders: 1 } });
    // A service that says it follows CDC_MONOLITH: the CLI shows the relay of each stream the services report.
    service = await httpOnFreePort((req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      if (req.url !== SYNC_STATUS_PATH) return res.end("{}");
      res.end(
        JSON.stringify({
          service: "catalog",
          streams: [
            { stream: "CDC_MONOLITH", running: true, backlog: 0, lastAppliedPosition: 0, lagP99Ms: null, heartbeatLagMs: null, parked: 0 },
            ...(reportsCatalog ? [{ stream: "CDC_CATALOG", running: true, backlog: 0, lastAppliedPosition: 0, lagP99Ms: null, heartbeatLagMs: null, parked: 0 }] : []),
          ],
          ownership: [],
        }),
      );
    });
    proxy = await startServiceProxy({ monolith: shop.url, catalog: service.url });
    nats = await testNatsServer();
  }, 180_000);

  afterAll(async () => {
    await relay?.stop();
    await nats?.close();
    await proxy?.close();
    await service?.close();
    await shop?.close();
    await database?.drop();
    dir?.remove();
  });

  it("reads the PostgreSQL change log: every change waits while no relay has saved progress", async () => {
    const { head, count } = await logged();
    expect(count).toBeGreaterThan(0);
    const [relayView] = relayOf(await cli("sync", "status", "--json"), (json) => json.relays);
    expect(relayView).toEqual({ source: "monolith", database: database.url, lastPosition: head, publishedThrough: 0, unpublished: count, oldestUnpublishedAgeMs: expect.any(Number) });
    // Nothing of the toolkit's was created by reading: no progress file, no SQLite monolith.
    expect(existsSync(monolithRelayProgressFile(shop.database, dir.path)!)).toBe(false);
    expect(existsSync(`${dir.path}/monolith.sqlite`)).toBe(false);
  });

  it("counts only the changes above what the relay published, in status's table and JSON", async () => {
    const progressFile = monolithRelayProgressFile(shop.database, dir.path)!;
    relay = await startRelay({ db: shop.dataSource, url: nats.url, progressFile });
    const published = (await logged()).head;
    await waitUntil(() => readPublishedThrough(progressFile, "monolith") === published, 60_000, 50);
    await relay.stop();
    relay = undefined;

    // Two transactions after the relay stopped: three products, then one category.
    await shop.dataSource.query(`UPDATE products SET name = name || ' (renamed)' WHERE id IN (1, 2, 3)`);
    await shop.dataSource.query(`UPDATE categories SET name = name || ' (renamed)' WHERE id = 1`);
    const { head } = await logged();
    expect(head).toBeGreaterThan(published);

    const json = await cli("status", "--json");
    expect(json.code).toBe(0);
    expect(relayOf(json, (status) => (status.sync as { relays: RelayJson[] }).relays)).toEqual([
      { source: "monolith", database: database.url, lastPosition: head, publishedThrough: published, unpublished: 4, oldestUnpublishedAgeMs: expect.any(Number) },
    ]);

    const text = await cli("status");
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`relay monolith: logged up to position ${head}, 4 not yet acknowledged by the broker (published through ${published}), oldest waiting `);
    const sync = await cli("sync", "status");
    expect(sync.code).toBe(0);
    expect(sync.stdout).toContain(`relay monolith: logged up to position ${head}, 4 not yet acknowledged by the broker (published through ${published})`);
  });

  it("says when the PostgreSQL database cannot be read, without its password, and still shows the streams", async () => {
    // Port 1: nothing listens there, the connection is refused at once.
    const status = await runCli(env("postgres://postgres:s3cret-password@127.0.0.1:1/shop"), "status");
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^catalog\s+CDC_MONOLITH\s+yes\s+0/m);
    expect(status.stdout).toMatch(/^relay monolith: postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/shop: cannot read its change log: .*ECONNREFUSED/m);
    expect(status.stdout + status.stderr).not.toContain("s3cret-password");
  });

  it("reads a service's own PostgreSQL change log too (CATALOG_DATABASE_URL), by the services' convention", async () => {
    const own = await tempPostgresDatabase();
    const catalogDb = own.dataSource();
    await catalogDb.initialize();
    try {
      await catalogDb.query(`CREATE TABLE products (id integer PRIMARY KEY, name text NOT NULL)`);
      const runner = catalogDb.createQueryRunner();
      await runner.startTransaction();
      await installPgCaptureV2(runner, { source: "catalog", tables: { products: {} }, localOnly: true });
      await runner.commitTransaction();
      await runner.release();
      await catalogDb.query(`INSERT INTO products VALUES (1, 'a'), (2, 'b')`);
      await catalogDb.query(`UPDATE products SET name = 'c' WHERE id = 1`);
      const [{ head }] = (await catalogDb.query(`SELECT MAX(position)::int AS head FROM strangler.changes`)) as Array<{ head: number }>;
      reportsCatalog = true;
      const result = await runCli({ ...env(), CATALOG_DATABASE_URL: own.url }, "sync", "status", "--json");
      expect(relayOf(result, (json) => json.relays).find((relay) => relay.source === "catalog")).toEqual({
        source: "catalog",
        database: own.url,
        lastPosition: head,
        publishedThrough: 0,
        unpublished: 3,
        oldestUnpublishedAgeMs: expect.any(Number),
      });
      // A bad one is refused by name, as MONOLITH_DATABASE_URL is.
      const bad = await runCli({ ...env(), CATALOG_DATABASE_URL: "mysql://root@127.0.0.1/catalog" }, "sync", "status");
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/environment: CATALOG_DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL\. Fix: /);
    } finally {
      reportsCatalog = false;
      await catalogDb.destroy();
      await own.drop();
    }
  });

  it("refuses a MONOLITH_DATABASE_URL that is not a PostgreSQL URL: the variable and the fix, exit 2, no stack trace", async () => {
    for (const bad of ["mysql://root@127.0.0.1/shop", "./shop.sqlite"]) {
      const result = await runCli(env(bad), "status");
      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/^error: Invalid configuration\n\s+environment: MONOLITH_DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL\. Fix: give a PostgreSQL URL/);
      expect(result.stderr).not.toContain(bad);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
