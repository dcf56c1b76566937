import "reflect-metadata";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readPublishedThrough } from "../../cdc";
import { createShopDataSource, openShopDatabase } from "../../monolith";
import { tempDir, testNatsServer, waitUntil, type TempDir, type TestNatsServer } from "../../testing";

const ROOT = join(__dirname, "..", "..");
const ENTRY = join(ROOT, "scripts", "stack", "relay-main.ts");

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startRelayMain(env: NodeJS.ProcessEnv): Run {
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

describe("the monolith's relay process (scripts/stack/relay-main.ts)", () => {
  let dir: TempDir;
  let nats: TestNatsServer;
  const running: Run[] = [];

  beforeAll(async () => {
    dir = tempDir("relay-main-");
    nats = await testNatsServer();
  }, 30_000);

  afterAll(async () => {
    for (const run of running) if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill("SIGKILL");
    await nats?.close();
    dir?.remove();
  }, 30_000);

  it("exits 1 on a bad environment, naming the variable and the fix", async () => {
    const run = startRelayMain({ NATS_URL: nats.url, STRANGLER_DATA_DIR: dir.path, STRANGLER_RELAY_PRUNE_IDLE_MS: "soon" });
    running.push(run);
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/STRANGLER_RELAY_PRUNE_IDLE_MS: .*Fix: /);

    const missing = startRelayMain({ STRANGLER_DATA_DIR: dir.path });
    running.push(missing);
    expect(await missing.exited).toBe(1);
    expect(missing.output()).toMatch(/NATS_URL: is required\. Fix: /);
  }, 60_000);

  it("exits 1 naming the file when the monolith's database is not there, and creates nothing", async () => {
    const empty = tempDir("relay-main-empty-");
    try {
      const run = startRelayMain({ NATS_URL: nats.url, STRANGLER_DATA_DIR: empty.path });
      running.push(run);
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`no database at ${join(empty.path, "monolith.sqlite")}`);
      expect(existsSync(join(empty.path, "monolith.sqlite"))).toBe(false);
      expect(existsSync(join(empty.path, "monolith.strangler.sqlite"))).toBe(false);
    } finally {
      empty.remove();
    }
  }, 60_000);

  it("relays the monolith's changes to JetStream, keeps its progress beside the database, and stops on SIGTERM", async () => {
    const database = join(dir.path, "monolith.sqlite");
    const shop = createShopDataSource(database);
    await openShopDatabase(shop);
    try {
      await shop.query(`INSERT INTO "categories" ("name", "slug", "created_at", "updated_at") VALUES ('Pens', 'pens', datetime('now'), datetime('now'))`);
      const run = startRelayMain({ NATS_URL: nats.url, STRANGLER_DATA_DIR: dir.path });
      running.push(run);
      await waitUntil(() => run.output().includes('"message":"relay started"') || run.child.exitCode !== null, 60_000, 50);
      const started = JSON.parse(run.output().split("\n").find((line) => line.includes('"message":"relay started"')) ?? "{}");
      expect(started).toMatchObject({ service: "relay-monolith", level: "info", stream: "CDC_MONOLITH", progressFile: join(dir.path, "monolith.strangler.sqlite") });

      const progress = join(dir.path, "monolith.strangler.sqlite");
      const head = async () => Number((await shop.query(`SELECT MAX("position") AS "head" FROM "_strangler_changes"`))[0].head);
      await waitUntil(async () => (readPublishedThrough(progress, "monolith") ?? 0) >= (await head()), 30_000, 50);
      await shop.query(`INSERT INTO "categories" ("name", "slug", "created_at", "updated_at") VALUES ('Ink', 'ink', datetime('now'), datetime('now'))`);
      await waitUntil(async () => (readPublishedThrough(progress, "monolith") ?? 0) >= (await head()), 30_000, 50);

      run.child.kill("SIGTERM");
      expect(await run.exited).toBe(0);
      expect(run.output()).toContain('"message":"stopped"');
      expect(readPublishedThrough(progress, "monolith")).toBe(await head());
    } finally {
      await shop.destroy();
    }
  }, 90_000);

  it("serves its relay metrics on RELAY_METRICS_PORT, only with the metrics token", async () => {
    const own = tempDir("relay-main-metrics-");
    const shop = createShopDataSource(join(own.path, "monolith.sqlite"));
    await openShopDatabase(shop);
    try {
      await shop.query(`INSERT INTO "categories" ("name", "slug", "created_at", "updated_at") VALUES ('Pens', 'pens', datetime('now'), datetime('now'))`);
      const token = "a-long-metrics-token";
      const run = startRelayMain({ NATS_URL: nats.url, STRANGLER_DATA_DIR: own.path, RELAY_METRICS_PORT: "0", STRANGLER_METRICS_TOKEN: token, STRANGLER_ADMIN_TOKEN: "the-proxy-admin-token" });
      running.push(run);
      await waitUntil(() => run.output().includes('"message":"relay started"') || run.child.exitCode !== null, 60_000, 50);
      const started = JSON.parse(run.output().split("\n").find((line) => line.includes('"message":"relay started"')) ?? "{}") as { metricsUrl?: string };
      expect(started.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const url = started.metricsUrl!;
      const published = async () => {
        const text = await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).text();
        return Number(/^cdc_relay_published_total\{source="monolith",stream="CDC_MONOLITH"\} (\d+)$/m.exec(text)?.[1] ?? 0);
      };
      await waitUntil(async () => (await published()) >= 1, 30_000, 50);
      const text = await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).text();
      expect(text).toMatch(/^cdc_relay_backlog\{source="monolith",stream="CDC_MONOLITH"\} \d+$/m);
      expect(text).toContain("process_cpu_user_seconds_total");

      // The metrics token, not the admin token, once both are set; nothing without one.
      for (const headers of [{}, { authorization: "Bearer the-proxy-admin-token" }] as Array<Record<string, string>>) {
        const refused = await fetch(url, { headers });
        expect(refused.status).toBe(401);
        expect(await refused.json()).toEqual({ error: { code: "RELAY_ERR_METRICS_UNAUTHORIZED", message: expect.any(String) } });
      }

      // The log head, without a token (the proxy's read-your-writes reads it after each write).
      const head = await fetch(url.replace(/\/metrics$/, "/internal/sync/head"));
      expect(head.status).toBe(200);
      const [{ max }] = (await shop.query(`SELECT MAX("position") AS "max" FROM "_strangler_changes"`)) as Array<{ max: number }>;
      expect(await head.json()).toEqual({ source: "monolith", stream: "CDC_MONOLITH", position: max });

      run.child.kill("SIGTERM");
      expect(await run.exited).toBe(0);
    } finally {
      await shop.destroy();
      own.remove();
    }
  }, 90_000);
});
