import "reflect-metadata";
import { existsSync, mkdirSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { startNatsServer, type RunningNatsServer } from "../../cdc";
import { ConfigError } from "../../platform";
import { loadConfigFile } from "../../strangler-proxy";
import { readCatalogConfig } from "../../extracted/catalog";
import { stackAdminToken } from "./admin-token";
import { startChild, type RunningChild } from "./child-process";
import { readStackConfig, type StackConfig } from "./config";
import { portsInUse } from "./free-ports";
import { waitReady } from "./wait-ready";

// `npm start`: the one place that knows every deployable of the local stack and starts them in order.

const say = (line: string) => process.stdout.write(`${line}\n`);
/** A path as short as it can be said: relative below the working folder, absolute elsewhere. */
const shown = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") || isAbsolute(rel) ? path : rel;
};

async function startStack(config: StackConfig): Promise<() => Promise<void>> {
  const logDir = join(config.dataDir, "logs");
  mkdirSync(logDir, { recursive: true });
  const adminToken = stackAdminToken(config.dataDir, config.adminToken);
  const children: RunningChild[] = [];
  let nats: RunningNatsServer | undefined;

  const stopAll = async () => {
    for (const child of [...children].reverse()) await child.stop();
    await nats?.stop();
  };

  // A mistake in the route table would otherwise surface only when the proxy starts, last.
  loadConfigFile(config.routeTablePath, process.env);
  const catalogPort = readCatalogConfig({ ...process.env, STRANGLER_DATA_DIR: config.dataDir }).port;
  const taken = await portsInUse({ MONOLITH_PORT: config.monolithPort, CATALOG_PORT: catalogPort, PROXY_PORT: config.proxyPort, ADMIN_PORT: config.adminPort });
  if (taken.length > 0) throw new Error(`cannot start:\n  ${taken.join("\n  ")}`);

  try {
    let natsUrl = config.natsUrl;
    if (!natsUrl) {
      nats = await startNatsServer({ storeDir: join(config.dataDir, "nats"), searchPath: config.searchPath });
      natsUrl = nats.url;
    }
    say(`nats        ${natsUrl}${nats ? ` (store ${shown(nats.storeDir)})` : " (NATS_URL)"}`);

    const shared = { ...process.env, STRANGLER_DATA_DIR: config.dataDir, NATS_URL: natsUrl };
    const databasePath = join(config.dataDir, "monolith.sqlite");
    if (!existsSync(databasePath)) {
      say("seeding     the sample shop (first start)…");
      const seed = startChild({ name: "seed", entry: "scripts/seed/seed-monolith.ts", env: shared }, logDir);
      if ((await seed.exited) !== 0) throw new Error(`seeding failed:\n${seed.tail()}`);
    }

    const monolith = startChild({ name: "monolith", entry: "monolith/main.ts", env: { ...shared, MONOLITH_PORT: String(config.monolithPort) } }, logDir);
    children.push(monolith);
    await waitOrExplain(monolith, `http://127.0.0.1:${config.monolithPort}/healthz`);
    say(`monolith    http://127.0.0.1:${config.monolithPort}`);

    // The relay runs in a process of its own: it never shares the monolith's event loop or connection.
    const relay = startChild({ name: "relay", entry: "scripts/stack/relay-main.ts", env: { ...shared, LOG_LEVEL: atLeastInfo(process.env.LOG_LEVEL) } }, logDir);
    children.push(relay);
    const stream = await waitForRelay(relay);
    say(`sync        monolith.sqlite → JetStream stream ${stream}`);

    // The backfill resumes where a killed run stopped and does nothing once complete, so it runs on every start.
    const catalogConfig = readCatalogConfig(shared);
    say(`backfill    monolith.sqlite → ${shown(catalogConfig.databasePath)}…`);
    const backfill = startChild({ name: "catalog-backfill", entry: "extracted/catalog/cli/backfill-main.ts", env: shared }, logDir);
    if ((await backfill.exited) !== 0) throw new Error(`catalog backfill failed:\n${backfill.tail()}\n(full log: ${backfill.logFile})`);
    say(`            ${backfill.tail().split("\n").pop()}`);
    // The catalog's ownership keeper settles an interrupted cut-over's routing through the proxy's admin API.
    const catalog = startChild(
      { name: "catalog", entry: "extracted/catalog/main.ts", env: { ...shared, STRANGLER_ADMIN_URL: `http://127.0.0.1:${config.adminPort}`, STRANGLER_ADMIN_TOKEN: adminToken } },
      logDir,
    );
    children.push(catalog);
    await waitOrExplain(catalog, `http://127.0.0.1:${catalogConfig.port}/healthz`);
    // The catalog service also runs the reverse sync: its relay carries the catalog's own writes,
    // and its consumer applies them to the monolith only while the catalog owns the writes; its
    // ownership keeper keeps the fences (and the proxy's routing of catalog-writes) as the record says.
    say(`catalog     http://127.0.0.1:${catalogConfig.port}   (sync status: /internal/sync/status)`);
    say(`sync        monolith.sqlite → CDC_MONOLITH → catalog.sqlite, and back: catalog.sqlite → CDC_CATALOG → monolith.sqlite`);

    const proxy = startChild(
      {
        name: "proxy",
        entry: "strangler-proxy/main.ts",
        env: { ...shared, PROXY_PORT: String(config.proxyPort), ADMIN_PORT: String(config.adminPort), STRANGLER_ADMIN_TOKEN: adminToken },
      },
      logDir,
    );
    children.push(proxy);
    await waitOrExplain(proxy, `http://127.0.0.1:${config.adminPort}/readyz`, { authorization: `Bearer ${adminToken}` });
    say(`proxy       http://127.0.0.1:${config.proxyPort}   ← send your traffic here`);
    say(`admin API   http://127.0.0.1:${config.adminPort}   (Authorization: Bearer <token in ${shown(join(config.dataDir, "admin-token"))}>)`);
    say(`logs        ${shown(logDir)}/*.log`);
    say("ready. Ctrl-C stops everything.");

    for (const child of children) {
      void child.exited.then((code) => {
        if (!stopping) {
          say(`\n${child.name} exited (code ${code}); stopping the stack. Its last lines:\n${child.tail()}`);
          void stopAll().then(() => process.exit(1));
        }
      });
    }
    return stopAll;
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function waitOrExplain(child: RunningChild, url: string, headers: Record<string, string> = {}): Promise<void> {
  try {
    await waitReady(url, 60_000, child.exited, headers);
  } catch (err) {
    throw new Error(`${child.name} did not start: ${(err as Error).message}\n${child.tail()}\n(full log: ${child.logFile})`);
  }
}

/**
 * Waits until the relay process logs that it started (connected, stream checked, progress loaded);
 * resolves with its stream's name.
 */
async function waitForRelay(relay: RunningChild): Promise<string> {
  try {
    const line = await relay.waitForLine((text) => text.includes('"message":"relay started"'), 60_000);
    return (JSON.parse(line) as { stream: string }).stream;
  } catch (err) {
    throw new Error(`${relay.name} did not start: ${(err as Error).message}\n${relay.tail()}\n(full log: ${relay.logFile})`);
  }
}

/** The relay's log level: its "relay started" line (info) is what `npm start` waits for. */
function atLeastInfo(level: string | undefined): string {
  return level === undefined || level === "" || level === "error" || level === "warn" ? "info" : level;
}

let stopping = false;

async function main(): Promise<void> {
  let config: StackConfig;
  try {
    config = readStackConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  mkdirSync(config.dataDir, { recursive: true });
  let stop: () => Promise<void>;
  try {
    stop = await startStack(config);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  const shutdown = async () => {
    if (stopping) process.exit(1);
    stopping = true;
    say("\nstopping…");
    await stop();
    say("stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}

main().catch((err: unknown) => {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
