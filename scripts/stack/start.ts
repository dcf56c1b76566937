import "reflect-metadata";
import { existsSync, mkdirSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import { ConfigError, isPostgresUrl, redactDatabaseUrl, restrictFileModes } from "../../platform";
import { loadConfigFile } from "../../strangler-proxy";
import { stackAdminToken } from "./admin-token";
import { startPartProcess, type ChildOptions, type Deployable, type PartProcess } from "./child-process";
import { readStackConfig, type StackConfig } from "./config";
import { portsInUse } from "./free-ports";
import { clearLeftovers } from "./leftover-check";
import { partIdentities, SUPERVISOR } from "./leftovers";
import { ALL_NATS_PARTS } from "./nats-parts";
import { claimPidFile, removePidFile } from "./stack-files";
import { startNats } from "./start-nats";
import { STACK_ERROR_CODES, StackError } from "./stack-error";
import { serviceParts, servicePartNames, stackServices, type StackService } from "./stack-services";
import { Supervisor } from "./supervisor";
import { waitAnswering, waitReady } from "./wait-ready";

// `npm start`: the one place that knows every deployable of the local stack, starts them in order
// and supervises them (supervisor.ts): a part that dies is restarted while the others keep serving.

const ROOT = join(__dirname, "..", "..");
const say = (line: string) => process.stdout.write(`${line}\n`);
/** A path as short as it can be said: relative below the working folder, absolute elsewhere. */
const shown = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") || isAbsolute(rel) ? path : rel;
};

/** The extracted services, found by convention (`extracted/<name>/manifest.ts`): none is named here. */
const SERVICES = stackServices(ROOT);
/** The TypeScript entry point of each part (and one-shot command) `npm start` runs. */
const ENTRIES: Readonly<Record<string, string>> = {
  seed: "scripts/seed/seed-monolith.ts",
  monolith: "monolith/main.ts",
  relay: "scripts/stack/relay-main.ts",
  ...Object.fromEntries(SERVICES.flatMap((service) => Object.values(serviceParts(service)).map((part) => [part.name, part.entry]))),
  proxy: "strangler-proxy/main.ts",
};
/** The order things start in; leftovers of an earlier run are stopped in reverse. */
const ORDER = [...ALL_NATS_PARTS, "seed", "monolith", "relay", ...SERVICES.flatMap(servicePartNames), "proxy"];
/** Every part: watches its supervisor (exits when it is gone), in a process group of its own. */
const PART: ChildOptions = { watchParent: true, ownGroup: true };
const START_TIMEOUT_MS = 60_000;

async function startStack(config: StackConfig, supervisor: Supervisor): Promise<void> {
  const logDir = join(config.dataDir, "logs");
  mkdirSync(logDir, { recursive: true });
  const adminToken = stackAdminToken(config.dataDir, config.adminToken);
  const spawnPart = (deployable: Deployable) => () => startPartProcess(deployable, logDir, PART);

  // A mistake in the route table would otherwise surface only when the proxy starts, last.
  loadConfigFile(config.routeTablePath, process.env);
  const servicePorts = Object.fromEntries(SERVICES.map(({ manifest }) => [manifest.portVariable, manifest.settings({ ...process.env, STRANGLER_DATA_DIR: config.dataDir }).port]));
  const taken = await portsInUse({ MONOLITH_PORT: config.monolithPort, ...servicePorts, PROXY_PORT: config.proxyPort, ADMIN_PORT: config.adminPort, RELAY_METRICS_PORT: config.relayMetricsPort });
  if (taken.length > 0) throw new Error(`cannot start:\n  ${taken.join("\n  ")}`);

  // nats-server(s) under a watcher (it cannot watch its supervisor itself), or the servers of NATS_URL.
  const natsUrl = await startNats({ config, supervisor, logDir, part: PART, timeoutMs: START_TIMEOUT_MS, say, shown });

  const shared = { ...process.env, STRANGLER_DATA_DIR: config.dataDir, NATS_URL: natsUrl };
  // The monolith's database: monolith.sqlite in the data folder, or MONOLITH_DATABASE_URL (PostgreSQL).
  const databasePath = join(config.dataDir, "monolith.sqlite");
  const database = config.monolithDatabaseUrl ? redactDatabaseUrl(config.monolithDatabaseUrl) : "monolith.sqlite";
  if (config.monolithDatabaseUrl || !existsSync(databasePath)) {
    say(`seeding     the sample shop in ${database} (when empty)…`);
    const seed = await supervisor.runOnce(spawnPart({ name: "seed", entry: ENTRIES.seed, env: shared, args: ["--if-empty"] }));
    if (seed.exit.code !== 0) throw new Error(`seeding failed:\n${seed.run.tail()}`);
  }

  const monolithUrl = `http://127.0.0.1:${config.monolithPort}`;
  await supervisor.start({
    name: "monolith",
    spawn: spawnPart({ name: "monolith", entry: ENTRIES.monolith, env: { ...shared, MONOLITH_PORT: String(config.monolithPort) } }),
    ready: (run) => waitReady(`${monolithUrl}/healthz`, START_TIMEOUT_MS, run.exited),
    describe: () => monolithUrl,
  });
  say(`monolith    ${monolithUrl}`);

  // The relay runs in a process of its own: it never shares the monolith's event loop or connection.
  let stream = "";
  await supervisor.start({
    name: "relay",
    spawn: spawnPart({
      name: "relay",
      entry: ENTRIES.relay,
      // Its GET /metrics (cdc_relay_*) is guarded by the admin token, like the other parts' internal APIs.
      env: { ...shared, LOG_LEVEL: atLeastInfo(process.env.LOG_LEVEL), RELAY_METRICS_PORT: String(config.relayMetricsPort), STRANGLER_ADMIN_TOKEN: adminToken },
    }),
    ready: async (run) => {
      stream = await waitForRelay(run);
    },
    describe: () => `${database} → JetStream stream ${stream}`,
  });
  say(`sync        ${database} → JetStream stream ${stream}`);

  // Each extracted service (its ownership keeper settles an interrupted cut-over's routing through the proxy's admin API).
  const serviceEnv = { ...shared, STRANGLER_ADMIN_URL: `http://127.0.0.1:${config.adminPort}`, STRANGLER_ADMIN_TOKEN: adminToken };
  for (const service of SERVICES) await startService(service, serviceEnv, supervisor, spawnPart);

  const proxyUrl = `http://127.0.0.1:${config.proxyPort}`;
  const adminUrl = `http://127.0.0.1:${config.adminPort}`;
  await supervisor.start({
    name: "proxy",
    spawn: spawnPart({
      name: "proxy",
      entry: ENTRIES.proxy,
      env: { ...shared, PROXY_PORT: String(config.proxyPort), ADMIN_PORT: String(config.adminPort), STRANGLER_ADMIN_TOKEN: adminToken },
    }),
    // The first start waits for readiness (flags loaded, monolith up); a restart only for both
    // listeners, so the proxy comes back even while the monolith is down too.
    ready: async (run, first) => {
      if (first) return waitReady(`${adminUrl}/readyz`, START_TIMEOUT_MS, run.exited, { authorization: `Bearer ${adminToken}` });
      await waitReady(`${adminUrl}/healthz`, START_TIMEOUT_MS, run.exited);
      await waitAnswering(`${proxyUrl}/healthz`, START_TIMEOUT_MS, run.exited);
    },
    describe: () => proxyUrl,
  });
  say(`proxy       ${proxyUrl}   ← send your traffic here`);
  say(`admin API   ${adminUrl}   (Authorization: Bearer <token in ${shown(join(config.dataDir, "admin-token"))}>)`);
  say(`logs        ${shown(logDir)}/*.log`);
  say("ready. Ctrl-C stops everything.");
}

/**
 * Starts one extracted service: its backfill first when it has one (it resumes where a killed run
 * stopped and does nothing once complete, so it runs on every start), then the service, ready on
 * its `/healthz`. The service runs its own sync (both directions when its writes can move).
 */
async function startService(service: StackService, env: NodeJS.ProcessEnv, supervisor: Supervisor, spawnPart: (deployable: Deployable) => () => PartProcess): Promise<void> {
  const { manifest } = service;
  const label = (text: string) => text.padEnd(11);
  const settings = manifest.settings(env);
  const parts = serviceParts(service);
  if (parts.backfill) {
    // Its own database: a file in the data folder, or <NAME>_DATABASE_URL (PostgreSQL, said without its password).
    const database = isPostgresUrl(settings.databasePath) ? redactDatabaseUrl(settings.databasePath) : shown(settings.databasePath);
    say(`${label("backfill")} the monolith → ${database}…`);
    const backfill = await supervisor.runOnce(spawnPart({ ...parts.backfill, env }));
    if (backfill.exit.code !== 0) throw new Error(`${parts.backfill.name} failed:\n${backfill.run.tail()}\n(full log: ${backfill.run.logFile})`);
    say(`${label("")} ${backfill.run.tail().split("\n").pop()}`);
  }
  const url = `http://127.0.0.1:${settings.port}`;
  await supervisor.start({
    name: manifest.name,
    spawn: spawnPart({ ...parts.service, env }),
    ready: (run) => waitReady(`${url}/healthz`, START_TIMEOUT_MS, run.exited),
    describe: () => url,
  });
  say(`${label(manifest.name)} ${url}   (sync status: ${manifest.syncStatusPath})`);
  say(`${label("sync")} ${manifest.syncSummary}`);
}

/**
 * Waits until the relay process logs that it started (connected, stream checked, progress loaded);
 * resolves with its stream's name.
 */
async function waitForRelay(relay: PartProcess): Promise<string> {
  const line = await relay.waitForLine((text) => text.includes('"message":"relay started"'), START_TIMEOUT_MS);
  return (JSON.parse(line) as { stream: string }).stream;
}

/** The relay's log level: its "relay started" line (info) is what `npm start` waits for. */
function atLeastInfo(level: string | undefined): string {
  return level === undefined || level === "" || level === "error" || level === "warn" ? "info" : level;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  // Private files for the whole stack (0600/0700): every part and nats-server inherit the umask.
  restrictFileModes();
  let config: StackConfig;
  try {
    config = readStackConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const dataDir = config.dataDir;
  mkdirSync(dataDir, { recursive: true });
  const supervisor = new Supervisor({ dataDir, say });
  let stopping = false;
  let claimed = false;
  const releaseFiles = () => {
    supervisor.removeState();
    if (claimed) removePidFile(dataDir, SUPERVISOR, process.pid);
  };
  // Installed before anything starts: Ctrl-C during the start stops what already runs, in reverse order.
  const shutdown = async () => {
    if (stopping) process.exit(1);
    stopping = true;
    say("\nstopping…");
    await supervisor.stopAll();
    releaseFiles();
    say("stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());

  try {
    await clearLeftovers({ dataDir, identities: partIdentities(ROOT, dataDir, ENTRIES), order: ORDER, say, shown });
    claimed = claimPidFile(dataDir, SUPERVISOR, process.pid);
    if (!claimed) {
      throw new StackError(STACK_ERROR_CODES.alreadyRunning, `another npm start claimed ${shown(join(dataDir, "stack", "supervisor.pid"))} at the same moment. Fix: stop one of them; give a second stack another STRANGLER_DATA_DIR.`);
    }
    await startStack(config, supervisor);
  } catch (err) {
    if (stopping) return; // Ctrl-C during the start: shutdown() stops everything and exits.
    await supervisor.stopAll();
    releaseFiles();
    if (err instanceof ConfigError) fail(err.message);
    fail(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
