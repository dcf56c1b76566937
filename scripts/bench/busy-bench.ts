/**
 * `npm run bench:busy [-- --rounds 5 --seconds 10 --prune-seconds 70 --connections 4 --threads 1 --products 1000 --columns off,on,prune --keep]`
 *
 * Does the toolkit make the legacy app's own writes fail? The seeded monolith runs as its own
 * process (product defaults) and wrk writes to it directly, as fast as its connections go:
 * PATCH /products/:id, PUT /inventory/:id and POST /products (scripts/bench/busy/write-mix.lua),
 * counting every answer by status and every 5xx by its error code. Three columns, measured in the
 * same run in interleaved rounds (the order rotates each round):
 *   off    the monolith alone (its capture triggers stay: they are part of the installed database);
 *   on     nats-server, the relay process, the catalog backfill (once) and the catalog service
 *          (both sync directions, ownership keeper) exactly as `npm start` runs them, defaults;
 *   prune  the same with STRANGLER_RELAY_RETENTION_MS=0 and STRANGLER_RELAY_PRUNE_IDLE_MS=0: the
 *          relay deletes published changes while the app writes. It looks for prunable rows every
 *          60 s after it starts (cleanupEveryMs), so this column's rounds last --prune-seconds
 *          (default 70) to hold one such look.
 * The toolkit is started before each "on" round and stopped for the "off" round (nats-server's
 * store, the catalog database and the relay's progress file stay); before the load starts the
 * relay has published the whole log and the catalog's consumers have taken everything.
 */
import "reflect-metadata";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freePort, tempDir } from "../../testing";
import { startChild, type RunningChild } from "../stack/child-process";
import { waitReady } from "../stack/wait-ready";
import { runTs } from "./proxy/child";
import { cpuMicrosOfProcessTree } from "./proxy/proc-cpu";
import { logLinesSince, logMark, monolithWindow, problems, prunedRows } from "./busy/logs";
import { Positions, until } from "./busy/positions";
import { printReport, roundLine, type Column, type RoundResult } from "./busy/report";
import { Toolkit } from "./busy/toolkit";
import { findWrk, runWrk } from "./busy/wrk";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "5" },
    seconds: { type: "string", default: "10" },
    "prune-seconds": { type: "string", default: "70" },
    connections: { type: "string", default: "4" },
    threads: { type: "string", default: "1" },
    products: { type: "string", default: "1000" },
    columns: { type: "string", default: "off,on,prune" },
    keep: { type: "boolean", default: false },
  },
});

const positive = (name: string, raw: string) => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a whole number above 0, got "${raw}"`);
  return value;
};

const CATEGORIES = 20;
const DRAIN_TIMEOUT_MS = 120_000;

/** The bench's environment without any setting of the deployables: each runs at its product defaults (log level info included). */
function productDefaultsEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(STRANGLER_|NATS_URL$|LOG_LEVEL$|MONOLITH_|CATALOG_|RELAY_|SHOP_ADMIN_TOKEN$|PROXY_PORT$|ADMIN_PORT$)/.test(name)) delete env[name];
  }
  return env;
}

async function main(): Promise<void> {
  const options = {
    rounds: positive("rounds", values.rounds),
    seconds: positive("seconds", values.seconds),
    pruneSeconds: positive("prune-seconds", values["prune-seconds"]),
    connections: positive("connections", values.connections),
    threads: positive("threads", values.threads),
    products: positive("products", values.products),
  };
  const wrk = findWrk();
  if (!wrk) {
    process.stderr.write("wrk is not installed: the load generator of this bench. Install it with `apt-get install -y wrk` (Debian package wrk) and run again.\n");
    process.exit(1);
  }
  const all: Column[] = [
    { id: "off", label: "toolkit off", relaySettings: null, seconds: options.seconds },
    { id: "on", label: "toolkit on, product defaults", relaySettings: {}, seconds: options.seconds },
    {
      id: "prune",
      label: "toolkit on, prune forced",
      relaySettings: { STRANGLER_RELAY_RETENTION_MS: "0", STRANGLER_RELAY_PRUNE_IDLE_MS: "0" },
      seconds: Math.max(options.seconds, options.pruneSeconds),
    },
  ];
  const wanted = values.columns.split(",").map((id) => id.trim());
  const columns = all.filter((column) => wanted.includes(column.id));
  if (columns.length !== wanted.length) throw new Error(`--columns takes a comma-separated list of ${all.map((column) => column.id).join(", ")}`);

  const dir = tempDir("busy-bench-");
  const logDir = dir.file("logs");
  mkdirSync(logDir, { recursive: true });
  const env = productDefaultsEnv();
  const data = { ...env, STRANGLER_DATA_DIR: dir.path };
  const adminToken = `busy-bench-${randomBytes(12).toString("hex")}`;
  let monolith: RunningChild | null = null;
  let toolkit: Toolkit | null = null;
  try {
    const started = Date.now();
    const seed = runTs(join(__dirname, "../seed/seed-monolith.ts"), ["--products", String(options.products), "--categories", String(CATEGORIES)], data);
    await seed.output();
    if (seed.process.exitCode !== 0) throw new Error("seeding the monolith failed");
    const monolithPort = await freePort();
    const monolithUrl = `http://127.0.0.1:${monolithPort}`;
    monolith = startChild({ name: "monolith", entry: "monolith/main.ts", env: { ...data, MONOLITH_PORT: String(monolithPort), SHOP_ADMIN_TOKEN: adminToken } }, logDir);
    await waitReady(`${monolithUrl}/healthz`, 60_000, monolith.exited);
    const monolithPid = monolith.process.pid!;
    toolkit = new Toolkit({ dataDir: dir.path, logDir, natsStoreDir: dir.file("nats"), env, catalogPort: await freePort(), adminToken });
    const running = toolkit;
    const positions = new Positions(join(dir.path, "monolith.sqlite"), () => running.catalogUrl);
    const load = (seconds: number, tag: string) =>
      runWrk({ wrk, url: monolithUrl, connections: options.connections, threads: options.threads, seconds, adminToken, products: options.products, categories: CATEGORIES, tag });

    console.log(
      `busy bench: ${options.products.toLocaleString("en-US")} products, wrk ${options.connections} connections / ${options.threads} thread(s), ` +
        `${options.rounds} rounds of ${columns.map((column) => `${column.id} ${column.seconds} s`).join(", ")}; data in ${dir.path}; load average ${loadavg().map((v) => v.toFixed(2)).join(" ")}`,
    );
    const warmupMark = logMark(join(logDir, "monolith.log"));
    const warmup = await load(2, "warmup");
    const warmupSent = Object.values(warmup.kinds).reduce((sum, count) => sum + count, 0);
    await until(() => monolithWindow(logLinesSince(join(logDir, "monolith.log"), warmupMark)).writes >= warmupSent, "the warm-up's writes", 10_000).catch(() => 0);

    /** Everything the relay logged is published and both of the catalog's consumers took it. */
    const drain = async () => {
      const head = positions.head();
      await until(() => positions.publishedThrough() >= head, `the relay to publish through ${head}`, DRAIN_TIMEOUT_MS);
      await until(async () => (await positions.syncBacklog())?.backlog === 0, "the catalog's sync backlog to reach 0", DRAIN_TIMEOUT_MS);
    };

    const results: RoundResult[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const order = columns.map((_, index) => columns[(index + round) % columns.length]);
      for (const column of order) {
        if (column.relaySettings === null) await running.stop();
        else {
          await running.start(column.id, column.relaySettings);
          await drain();
        }
        const pids = running.pids();
        const logs = { monolith: join(logDir, "monolith.log"), relay: join(logDir, "relay.log"), catalog: join(logDir, "catalog.log") };
        const marks = { monolith: logMark(logs.monolith), relay: logMark(logs.relay), catalog: logMark(logs.catalog) };
        const cpuNow = () => ({
          monolith: cpuMicrosOfProcessTree(monolithPid),
          relay: pids ? cpuMicrosOfProcessTree(pids.relay) : null,
          catalog: pids ? cpuMicrosOfProcessTree(pids.catalog) : null,
          nats: pids?.nats ? cpuMicrosOfProcessTree(pids.nats) : null,
        });
        const before = cpuNow();
        const loadStarted = Date.now();
        const counted = await load(column.seconds, `${column.id}${round}`);
        const elapsedMicros = (Date.now() - loadStarted) * 1000;
        const after = cpuNow();
        const share = (a: number | null, b: number | null) => (a === null || b === null ? null : (100 * (b - a)) / elapsedMicros);

        let relayLagAtEnd: number | null = null;
        let relayCaughtUpMs: number | null = null;
        let syncBacklogAtEnd: number | null = null;
        let syncDrainedMs: number | null = null;
        let parked: number | null = null;
        if (column.relaySettings !== null) {
          const head = positions.head();
          relayLagAtEnd = Math.max(0, head - positions.publishedThrough());
          syncBacklogAtEnd = (await positions.syncBacklog())?.backlog ?? null;
          relayCaughtUpMs = await until(() => positions.publishedThrough() >= head, `the relay to publish through ${head}`, DRAIN_TIMEOUT_MS);
          const drainStarted = Date.now();
          await until(async () => (await positions.syncBacklog())?.backlog === 0, "the catalog's sync backlog to reach 0", DRAIN_TIMEOUT_MS);
          syncDrainedMs = relayCaughtUpMs + (Date.now() - drainStarted);
          parked = (await positions.syncBacklog())?.parked ?? null;
        }
        // Every request wrk sent is answered and logged, also the few still in flight when it stopped
        // counting: wait for all of them, so that they are not taken for the next round's.
        const sent = Object.values(counted.kinds).reduce((sum, count) => sum + count, 0);
        await until(() => monolithWindow(logLinesSince(logs.monolith, marks.monolith)).writes >= sent, "the monolith's access log to hold every write sent", 10_000).catch(() => 0);
        const toolkitLines = [...logLinesSince(logs.relay, marks.relay), ...logLinesSince(logs.catalog, marks.catalog)];
        const result: RoundResult = {
          column,
          round,
          wrk: counted,
          monolithLog: monolithWindow(logLinesSince(logs.monolith, marks.monolith)),
          relayLagAtEnd,
          relayCaughtUpMs,
          syncBacklogAtEnd,
          syncDrainedMs,
          parked,
          cpu: { monolith: share(before.monolith, after.monolith)!, relay: share(before.relay, after.relay), catalog: share(before.catalog, after.catalog), nats: share(before.nats, after.nats) },
          prunedRows: column.relaySettings === null ? 0 : prunedRows(logLinesSince(logs.relay, marks.relay)),
          toolkitProblems: column.relaySettings === null ? {} : problems(toolkitLines),
          loadAverage: loadavg()[0],
        };
        results.push(result);
        console.log(roundLine(result, options.rounds));
      }
    }
    await running.stop();
    printReport(columns, results, options);
    console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s in all; load average at the end ${loadavg().map((v) => v.toFixed(2)).join(" ")}${values.keep ? `; logs kept in ${logDir}` : ""}`);
  } finally {
    await toolkit?.stop().catch(() => undefined);
    await monolith?.stop().catch(() => undefined);
    if (!values.keep) dir.remove();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
