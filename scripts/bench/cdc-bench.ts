/**
 * `npm run bench:cdc [-- --rounds 3 --changes 100000 --rate 1000 --steady-seconds 20 --products 10000 --sources sqlite,postgres --variants defaults,journal --writer-transactions 10000 --writer-connections 1,8 --parts stack,writer-cost --profile <dir> --keep]`
 *
 * End-to-end change-data sync as a user runs it, on each of the monolith's databases (`--sources`,
 * both by default, measured in the same run):
 *   sqlite    the monolith's SQLite file with the shop schema and the capture triggers its
 *             migrations install;
 *   postgres  a fresh PostgreSQL database (TEST_POSTGRES_URL's server, 127.0.0.1:5432 by default;
 *             dropped at the end unless --keep) with the same schema and the capture its migrations
 *             install (v2 since 1765000000000: `strangler.changes`, a block of positions per commit), every part given MONOLITH_DATABASE_URL as a user's would;
 * each seeded by `npm run seed` (scripts/seed/seed-monolith.ts), then nats-server, the relay
 * (`scripts/stack/relay-main.ts`) and the catalog service (`extracted/catalog/main.ts`: its consumer
 * with the catalog's real mapping into catalog.sqlite, the reverse direction and the ownership
 * keeper), each a process of its own at product defaults (log level info included), and a writer
 * process doing a shop's transactions of 1–3 rows (scripts/bench/cdc/shop-workload.ts, the same
 * statements on both) straight into the monolith's database over one connection, as the legacy
 * app's statements would.
 *
 * Each round runs every source's stack in turn, alone on the machine (the other's processes are
 * stopped), in alternating order (round 1 sqlite then postgres, round 2 postgres then sqlite, …), so
 * neither is flattered by the machine's state. Per source, two variants in alternating order; the
 * catalog service is restarted for each and warmed up with --warmup changes (written at the steady
 * rate before the steady phase, as a burst before the journal variant's):
 *   defaults  the catalog at product defaults:
 *             steady    --rate changes/s for --steady-seconds (or the writer's own pace if it is lower:
 *                       reported): the commit-to-apply p50/p99 the catalog itself reports
 *                       (GET /internal/sync/status, its last 10,000 applied changes, all at that rate);
 *             live      a burst of --changes written as fast as the writer goes while everything runs:
 *                       end to end, from the first write to the catalog's last acknowledgement;
 *             catch-up  the same burst written while the relay is frozen (SIGSTOP), then released
 *                       (SIGCONT): what the pipeline alone drains per second, whatever the source's pace;
 *   journal   the catalog with its apply journal on (STRANGLER_SYNC_JOURNAL=on, one more row per
 *             change, as the fault suite runs it): the live burst, then the history checker over every
 *             change of the variant (warm-up included): each applied exactly once, in order per row.
 * Then, on PostgreSQL, what the capture costs the writer (capture v1 serialises the commit step of
 * captured transactions under an advisory lock; v2 numbers in blocks without it): with no stack
 * running, three more fresh databases seeded alike (the shop's migrations install v2), one moved
 * back to v1, one with its capture removed (`strangler capture uninstall --force`); at each of
 * --writer-connections (side by side in the writer), --writer-transactions transactions of the same
 * mix on each, in an order rotating per round: transactions per second, and the CPU per
 * transaction of the writer and of its PostgreSQL backends. `--parts writer-cost` runs only this
 * part (`--parts stack` only the stack).
 *
 * The bench watches files while a burst runs (the relay's progress file, the consumer's checkpoint in
 * catalog.sqlite) and asks the catalog's status endpoint only to confirm the end (backlog 0), so it
 * does not load the processes it measures. Reported: medians over the rounds (min–max beside them),
 * the CPU of each process (/proc/<pid>/stat; on PostgreSQL also the server's backends connected to
 * the database) in % of a core and in µs per change, the load average, and one closing line per source.
 */
import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freePort, runCli, tempDir, tempPostgresDatabase, type TempPostgresDatabase } from "../../testing";
import { printTable } from "./print-table";
import { cpuBetween, cpuOfPids } from "./cdc/cpu";
import { MAPPED_TABLES, Observer } from "./cdc/observe";
import { PgSourceLog, SOURCE_NAMES, SqliteSourceLog, type Source } from "./cdc/source-log";
import { cpuMs, CdcStack, seedMonolith, type StackPids } from "./cdc/stack";
import type { WriterReport } from "./cdc/writer-main";
import { WriterProcess } from "./cdc/writer-process";
import { WORKLOAD_MIX } from "./cdc/shop-workload";
import { Client } from "pg";
import { pgCaptureV2 } from "../../cdc/postgres/pg-capture-v2";

const { values } = parseArgs({
  options: {
    rounds: { type: "string", default: "3" },
    changes: { type: "string", default: "100000" },
    warmup: { type: "string", default: "5000" },
    rate: { type: "string", default: "1000" },
    "steady-seconds": { type: "string", default: "20" },
    products: { type: "string", default: "10000" },
    categories: { type: "string", default: "40" },
    customers: { type: "string", default: "200" },
    seed: { type: "string", default: "1" },
    sources: { type: "string", default: "sqlite,postgres" },
    variants: { type: "string", default: "defaults,journal" },
    "writer-transactions": { type: "string", default: "10000" },
    "writer-connections": { type: "string", default: "1,8" },
    parts: { type: "string", default: "stack,writer-cost" },
    profile: { type: "string" },
    keep: { type: "boolean", default: false },
  },
});

const positive = (name: string, raw: string) => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a whole number above 0, got "${raw}"`);
  return value;
};

const GOAL_THROUGHPUT = 15_000;
const GOAL_P99_MS = 100;
const LAG_WINDOW = 10_000;
const DRAIN_TIMEOUT_MS = 600_000;

type Variant = "defaults" | "journal";
/** The CPU columns: each process of the stack, and the PostgreSQL backends connected to the monolith's database. */
type CpuPart = keyof StackPids | "database";
const CPU_PARTS: CpuPart[] = ["writer", "relay", "catalog", "nats", "database"];

interface BurstResult {
  changes: number;
  transactions: number;
  /** Live: from the writer's first write to the catalog's last ack. Catch-up: from the relay's release to the last ack. */
  seconds: number;
  publishedAfter: number;
  writeSeconds: number;
  /** Source transactions the writer ran again (SQLite busy, PostgreSQL deadlock or serialization failure). */
  retries: number;
  /** CPU of each process over the span, in % of one core (database: null on SQLite, whose engine runs inside the processes). */
  cpu: Record<CpuPart, number | null>;
  /** CPU of each process over the span per change, in µs: what a change costs, whatever else runs on the machine. */
  cpuPerChange: Record<CpuPart, number | null>;
}

interface VariantResult {
  source: Source;
  variant: Variant;
  round: number;
  /** The writer writes while relay and catalog run. */
  live: BurstResult;
  /** The same burst written while the relay is frozen, then drained: the pipeline's own pace. */
  catchUp?: BurstResult;
  steady?: { p50: number | null; p99: number | null; changes: number; mapped: number; maxBehind: number; seconds: number };
  history?: { ok: boolean; changes: number; applications: number; detail: string };
  loadAverage: number;
}

/** The writer-cost databases: capture v1 (commits numbered one at a time), v2 (blocks, no lock), none. */
type Capture = "off" | "v1" | "v2";
const CAPTURES: Capture[] = ["off", "v1", "v2"];

/** One measurement of the writer alone on PostgreSQL, with capture v1, v2 or none. */
interface WriterCostResult {
  round: number;
  connections: number;
  capture: Capture;
  transactions: number;
  changes: number;
  seconds: number;
  retries: number;
  writerCpuMs: number;
  databaseCpuMs: number;
  loadAverage: number;
}

/** The bench's environment without any setting of the deployables: each runs at its product defaults. */
function productDefaultsEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(STRANGLER_|NATS_URL$|LOG_LEVEL$|MONOLITH_|CATALOG_|RELAY_|SHOP_ADMIN_TOKEN$|PROXY_PORT$|ADMIN_PORT$|NODE_OPTIONS$)/.test(name)) delete env[name];
  }
  // The bench's own choice of PostgreSQL server (testing/postgres) is not a deployable's setting.
  if (process.env.STRANGLER_TEST_POSTGRES_URL) env.STRANGLER_TEST_POSTGRES_URL = process.env.STRANGLER_TEST_POSTGRES_URL;
  return env;
}

const fmt = (value: number) => Math.round(value).toLocaleString("en-US");
const median = (list: number[]) => {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const spread = (list: number[], show: (value: number) => string = fmt) =>
  list.length === 0 ? "–" : list.length === 1 ? show(list[0]) : `${show(median(list))} (${show(Math.min(...list))}–${show(Math.max(...list))})`;
const list = <T extends string>(name: string, raw: string, allowed: readonly T[]): T[] => {
  const items = raw.split(",").map((item) => item.trim()) as T[];
  if (items.length === 0 || items.some((item) => !allowed.includes(item)) || new Set(items).size !== items.length) {
    throw new Error(`--${name} takes ${allowed.join(", ")} or several of them (comma-separated), got "${raw}"`);
  }
  return items;
};

interface Side {
  stack: CdcStack;
  observer: Observer;
}

async function main(): Promise<void> {
  const options = {
    rounds: positive("rounds", values.rounds),
    changes: positive("changes", values.changes),
    warmup: positive("warmup", values.warmup),
    rate: positive("rate", values.rate),
    steadySeconds: positive("steady-seconds", values["steady-seconds"]),
    products: positive("products", values.products),
    categories: positive("categories", values.categories),
    customers: positive("customers", values.customers),
    seed: positive("seed", values.seed),
    writerTransactions: positive("writer-transactions", values["writer-transactions"]),
  };
  const sources = list<Source>("sources", values.sources, ["sqlite", "postgres"]);
  const variants = list<Variant>("variants", values.variants, ["defaults", "journal"]);
  const writerConnections = values["writer-connections"].split(",").map((raw) => positive("writer-connections", raw.trim()));
  const parts = list<"stack" | "writer-cost">("parts", values.parts, ["stack", "writer-cost"]);
  const stackSources = parts.includes("stack") ? sources : [];

  const dir = tempDir("cdc-bench-");
  const profileDir = values.profile ? join(process.cwd(), values.profile) : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const env = productDefaultsEnv();
  const seedArgs = ["--products", String(options.products), "--categories", String(options.categories), "--customers", String(options.customers), "--orders", "0"];
  const databases: TempPostgresDatabase[] = [];
  const sides = new Map<Source, Side>();
  const results: VariantResult[] = [];
  const costs: WriterCostResult[] = [];
  let failed = false;
  try {
    for (const source of stackSources) {
      const dataDir = dir.file(source);
      const logDir = join(dataDir, "logs");
      mkdirSync(logDir, { recursive: true });
      let databaseUrl: string | undefined;
      if (source === "postgres") {
        const database = await tempPostgresDatabase("bench_cdc");
        databases.push(database);
        databaseUrl = database.url;
      }
      const stack = new CdcStack({ source, databaseUrl, dataDir, logDir, env, catalogPort: await freePort(), profileDir });
      const log = databaseUrl ? new PgSourceLog(databaseUrl) : new SqliteSourceLog(stack.monolithDatabase);
      sides.set(source, { stack, observer: new Observer(log, stack.progressFile, stack.catalogFile, stack.catalogUrl, () => stack.assertRunning()) });
      await stack.seed(seedArgs);
    }
    // The writer's price of capture on PostgreSQL: three more databases seeded alike (the shop's
    // migrations install capture v2), one moved back to v1, one with its capture removed.
    let cost: Record<Capture, TempPostgresDatabase> | null = null;
    if (sources.includes("postgres") && parts.includes("writer-cost") && writerConnections.length > 0) {
      const logDir = dir.file("writer-cost");
      mkdirSync(logDir, { recursive: true });
      const made = {} as Record<Capture, TempPostgresDatabase>;
      for (const capture of CAPTURES) {
        made[capture] = await tempPostgresDatabase(`bench_cdc_capture_${capture}`);
        databases.push(made[capture]);
        await seedMonolith({ ...env, MONOLITH_DATABASE_URL: made[capture].url, STRANGLER_DATA_DIR: logDir }, logDir, `seed-capture-${capture}`, seedArgs);
      }
      const removed = await runCli(env, "capture", "uninstall", "--db", made.off.url, "--force");
      if (removed.code !== 0) throw new Error(`strangler capture uninstall failed:\n${removed.stderr}${removed.stdout}`);
      await captureBackToV1(made.v1.url);
      cost = made;
    }

    const rowsPerTransaction = WORKLOAD_MIX.reduce((sum, entry) => sum + entry.share * entry.rows, 0);
    console.log(
      `bench:cdc: ${sources.map((source) => SOURCE_NAMES[source]).join(" and ")}, ${fmt(options.products)} products each; ${options.rounds} round(s)` +
        (stackSources.length > 0 ? ` of ${variants.join(" + ")}: a burst of ${fmt(options.changes)} changes (transactions of 1–3 rows, ${rowsPerTransaction.toFixed(2)} on average), then ${options.steadySeconds} s at ${fmt(options.rate)} changes/s` : "") +
        (cost ? `; the writer alone on PostgreSQL with capture v1, v2 and none: ${fmt(options.writerTransactions)} transactions on ${writerConnections.join(" and ")} connection(s)` : "") +
        `; data in ${dir.path}; load average ${loadavg().map((value) => value.toFixed(2)).join(" ")}`,
    );

    for (let round = 0; round < options.rounds; round++) {
      const sourceOrder = round % 2 === 0 ? stackSources : [...stackSources].reverse();
      for (const source of sourceOrder) {
        const { stack, observer } = sides.get(source)!;
        await stack.start(options.seed + round);
        try {
          const order = round % 2 === 0 ? variants : [...variants].reverse();
          for (const variant of order) {
            const result = await runVariant(stack, observer, variant, round, options);
            results.push(result);
            console.log(variantLine(result, options.rounds));
            if (result.history && !result.history.ok) failed = true;
          }
        } finally {
          await stack.stop();
        }
      }
      if (cost) {
        const measured = await runWriterCost(cost, round, writerConnections, options, env);
        costs.push(...measured);
        for (const result of measured) console.log(costLine(result, options.rounds));
      }
    }
  } catch (err) {
    failed = true;
    console.error(err);
  } finally {
    for (const { stack } of sides.values()) await stack.stop().catch(() => undefined);
    if (!values.keep) {
      for (const database of databases) await database.drop().catch((err: Error) => console.error(`could not drop the database ${database.name}: ${err.message}`));
    } else if (databases.length > 0) {
      console.log(`PostgreSQL databases kept: ${databases.map((database) => database.name).join(", ")}`);
    }
    if (!values.keep && !failed) dir.remove();
    else console.log(`data and logs kept in ${dir.path}`);
  }
  if (results.length > 0) printReport(results, sources, options);
  if (costs.length > 0) printCostReport(costs, options);
  if (failed) process.exitCode = 1;
}

async function runVariant(
  stack: CdcStack,
  observer: Observer,
  variant: Variant,
  round: number,
  options: { changes: number; warmup: number; rate: number; steadySeconds: number },
): Promise<VariantResult> {
  await stack.startCatalog(variant === "journal");
  const start = await observer.head();
  await observer.drained(start, DRAIN_TIMEOUT_MS);
  // Warm-up: the catalog process was just started (JIT, statement caches, the pull consumer). Before
  // the steady phase it is written at the steady rate: the catalog's lag window (its last 10,000
  // applied changes) then holds samples of that rate only, whatever the length of the steady phase.
  const warm = await stack.write(variant === "defaults" ? { cmd: "steady", perSecond: options.rate, seconds: options.warmup / options.rate } : { cmd: "burst", changes: options.warmup });
  await observer.drained(warm.headAfter, DRAIN_TIMEOUT_MS);
  const pids = stack.pids();

  // Steady: the commit-to-apply lag at a steady rate, first (the catalog's lag window then holds
  // only this rate's samples, none of the bursts').
  let steadyResult: VariantResult["steady"];
  if (variant === "defaults") {
    const steady = await stack.write({ cmd: "steady", perSecond: options.rate, seconds: options.steadySeconds });
    await observer.drained(steady.headAfter, DRAIN_TIMEOUT_MS);
    const status = await observer.forward();
    const perTable = await observer.changesPerTable(steady.headBefore, steady.headAfter);
    const mapped = MAPPED_TABLES.reduce((sum, table) => sum + (perTable[table] ?? 0), 0);
    steadyResult = { p50: status.lagP50Ms ?? null, p99: status.lagP99Ms, changes: steady.logged, mapped, maxBehind: steady.maxBehind ?? 0, seconds: steady.ms / 1000 };
  }

  // Live: the writer writes as fast as it can while the relay and the catalog run beside it.
  let cpuBefore = await cpuOf(observer, pids);
  let began = performance.now();
  const written = await stack.write({ cmd: "burst", changes: options.changes });
  const live = await measured(observer, pids, written, began, cpuBefore);
  const result: VariantResult = { source: stack.source, variant, round, live, steady: steadyResult, loadAverage: loadavg()[0] };

  if (variant === "defaults") {
    // Catch-up: the same burst written while the relay is frozen, then the pipeline alone drains it.
    stack.freezeRelay(true);
    let backlog;
    try {
      backlog = await stack.write({ cmd: "burst", changes: options.changes });
      cpuBefore = await cpuOf(observer, pids);
    } finally {
      began = performance.now();
      stack.freezeRelay(false);
    }
    result.catchUp = await measured(observer, pids, backlog, began, cpuBefore);
  } else {
    const report = await observer.history(start, written.headAfter);
    const first = (list: unknown[]) => JSON.stringify(list.slice(0, 5));
    result.history = {
      ok: report.ok && report.changes > 0,
      changes: report.changes,
      applications: report.applications,
      detail: report.ok
        ? "ok"
        : `missing ${report.missing.length} ${first(report.missing)}, duplicated ${report.duplicated.length} ${first(report.duplicated)}, unknown ${report.unknown.length}, out of order ${report.outOfOrder.length} ${first(report.outOfOrder)}`,
    };
  }
  result.loadAverage = loadavg()[0];
  return result;
}

interface CpuSnapshot {
  parts: Record<keyof StackPids, number>;
  /** PostgreSQL: CPU per backend connected to the monolith's database; null on SQLite. */
  backends: Map<number, number> | null;
}

async function cpuOf(observer: Observer, pids: StackPids): Promise<CpuSnapshot> {
  const backends = observer.log.source === "postgres" ? cpuOfPids(await observer.log.backendPids()) : null;
  return { parts: { writer: cpuMs(pids.writer), relay: cpuMs(pids.relay), catalog: cpuMs(pids.catalog), nats: cpuMs(pids.nats) }, backends };
}

/** Waits until what `written` logged is applied; the rate and CPU from `began`. */
async function measured(observer: Observer, pids: StackPids, written: WriterReport, began: number, cpuBefore: CpuSnapshot): Promise<BurstResult> {
  const { publishedAt, appliedAt } = await observer.drained(written.headAfter, DRAIN_TIMEOUT_MS);
  const cpuAfter = await cpuOf(observer, pids);
  const seconds = (appliedAt - began) / 1000;
  const changes = written.logged;
  const used: Record<CpuPart, number | null> = {
    writer: cpuAfter.parts.writer - cpuBefore.parts.writer,
    relay: cpuAfter.parts.relay - cpuBefore.parts.relay,
    catalog: cpuAfter.parts.catalog - cpuBefore.parts.catalog,
    nats: cpuAfter.parts.nats - cpuBefore.parts.nats,
    database: cpuBefore.backends && cpuAfter.backends ? cpuBetween(cpuBefore.backends, cpuAfter.backends) : null,
  };
  const per = (scale: (ms: number) => number) => Object.fromEntries(CPU_PARTS.map((part) => [part, used[part] === null ? null : scale(used[part])])) as Record<CpuPart, number | null>;
  return {
    changes,
    transactions: written.transactions,
    seconds,
    publishedAfter: (publishedAt - began) / 1000,
    writeSeconds: written.ms / 1000,
    retries: written.retries,
    cpu: per((ms) => (100 * ms) / (seconds * 1000)),
    cpuPerChange: per((ms) => (ms * 1000) / changes),
  };
}

/** Moves a database seeded with the shop's migrations (capture v2) back to capture v1 (pg-capture-v2.ts downgradeToV1). */
async function captureBackToV1(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    for (const statement of pgCaptureV2.downgradeToV1("monolith")) await client.query(statement);
    await client.query("COMMIT");
    const { rows } = await client.query(`SELECT capture_version FROM strangler.capture_context`);
    if ((rows[0] as { capture_version: number }).capture_version !== 1) throw new Error("the v1 database is not on capture v1");
  } finally {
    await client.end();
  }
}

/**
 * The writer alone on PostgreSQL (no stack runs): `transactions` transactions of the mix on a
 * database with capture v1, one with v2 and one without capture, at each number of connections,
 * in an order that rotates with the round and the connections. Each measurement follows a warm-up
 * of a tenth of it on the same database and connections.
 */
async function runWriterCost(
  databases: Record<Capture, TempPostgresDatabase>,
  round: number,
  connectionsList: number[],
  options: { writerTransactions: number; seed: number },
  env: NodeJS.ProcessEnv,
): Promise<WriterCostResult[]> {
  const writers = {} as Record<Capture, WriterProcess>;
  for (const capture of CAPTURES) writers[capture] = await WriterProcess.start(databases[capture].url, options.seed + round, env);
  const results: WriterCostResult[] = [];
  try {
    for (const [index, connections] of connectionsList.entries()) {
      const shift = (round + index) % CAPTURES.length;
      const order = [...CAPTURES.slice(shift), ...CAPTURES.slice(0, shift)];
      for (const capture of order) {
        await writers[capture].write({ cmd: "transactions", count: Math.max(100, Math.round(options.writerTransactions / 10)), connections });
        const report = await writers[capture].write({ cmd: "transactions", count: options.writerTransactions, connections });
        results.push({
          round,
          connections,
          capture,
          transactions: report.transactions,
          changes: report.logged,
          seconds: report.ms / 1000,
          retries: report.retries,
          writerCpuMs: report.writerCpuMs,
          databaseCpuMs: report.databaseCpuMs ?? 0,
          loadAverage: loadavg()[0],
        });
      }
    }
  } finally {
    for (const capture of CAPTURES) await writers[capture].stop();
  }
  return results;
}

const rate = (burst: BurstResult) => burst.changes / burst.seconds;
const cpuList = (values: Record<CpuPart, number | null>, unit: string) =>
  CPU_PARTS.filter((part) => values[part] !== null)
    .map((part) => Math.round(values[part]!))
    .join("/") + unit;
const cpuText = (burst: BurstResult) =>
  `CPU writer/relay/catalog/nats${burst.cpu.database === null ? "" : "/postgres"} ${cpuList(burst.cpu, " %")} = ${cpuList(burst.cpuPerChange, " µs per change")}`;

function variantLine(result: VariantResult, rounds: number): string {
  const { live, catchUp } = result;
  const parts = [
    `[round ${result.round + 1}/${rounds} ${SOURCE_NAMES[result.source].padEnd(10)} ${result.variant.padEnd(8)}]`,
    `live ${fmt(rate(live))} changes/s (${fmt(live.transactions / live.seconds)} tx/s; written in ${live.writeSeconds.toFixed(2)} s, published after ${live.publishedAfter.toFixed(2)} s, applied after ${live.seconds.toFixed(2)} s; ${cpuText(live)})`,
  ];
  if (catchUp) parts.push(`catch-up ${fmt(rate(catchUp))} changes/s (written at ${fmt(catchUp.changes / catchUp.writeSeconds)} changes/s with the relay frozen; published after ${catchUp.publishedAfter.toFixed(2)} s, applied after ${catchUp.seconds.toFixed(2)} s; ${cpuText(catchUp)})`);
  if (result.steady) parts.push(`steady ${fmt(result.steady.changes / result.steady.seconds)}/s: p50 ${result.steady.p50} ms, p99 ${result.steady.p99} ms`);
  if (result.history) parts.push(`history ${result.history.detail} (${fmt(result.history.changes)} changes, ${fmt(result.history.applications)} applications)`);
  const retries = live.retries + (catchUp?.retries ?? 0);
  if (retries > 0) parts.push(`${retries} source transaction(s) run again`);
  parts.push(`load ${result.loadAverage.toFixed(2)}`);
  return parts.join("; ");
}

function costLine(result: WriterCostResult, rounds: number): string {
  return (
    `[round ${result.round + 1}/${rounds} PostgreSQL writer alone, ${result.connections} connection(s), capture ${result.capture.padEnd(3)}] ` +
    `${fmt(result.transactions / result.seconds)} tx/s (${fmt(result.transactions)} transactions in ${result.seconds.toFixed(2)} s, ${fmt(result.changes)} changes logged` +
    `${result.retries > 0 ? `, ${result.retries} retried` : ""}); CPU per transaction: writer ${fmt((result.writerCpuMs * 1000) / result.transactions)} µs, its backends ${fmt((result.databaseCpuMs * 1000) / result.transactions)} µs; load ${result.loadAverage.toFixed(2)}`
  );
}

function printReport(results: VariantResult[], sources: Source[], options: { changes: number; rate: number; steadySeconds: number }): void {
  const of = (source: Source, variant: Variant) => results.filter((result) => result.source === source && result.variant === variant);
  const columns = (["defaults", "journal"] as const).flatMap((variant) => sources.map((source) => ({ source, variant }))).filter((column) => of(column.source, column.variant).length > 0);
  const cell = (column: { source: Source; variant: Variant }, pick: (result: VariantResult) => number | null | undefined, show?: (value: number) => string) => {
    const list = of(column.source, column.variant)
      .map(pick)
      .filter((value): value is number => typeof value === "number" && Number.isFinite(value));
    return list.length === 0 ? "" : spread(list, show);
  };
  const row = (label: string, pick: (result: VariantResult) => number | null | undefined, unit = "", show?: (value: number) => string, goal = "") => [
    label,
    ...columns.map((column) => {
      const text = cell(column, pick, show);
      return text === "" ? "" : `${text}${unit}`;
    }),
    goal,
  ];
  const percent = (value: number) => `${Math.round(value)} %`;
  const seconds = (value: number) => value.toFixed(1);
  const cpuRows = (label: string, pick: (result: VariantResult) => BurstResult | undefined, parts: CpuPart[], per: boolean) =>
    parts.map((part, index) =>
      per
        ? row(index === 0 ? label : "", (r) => pick(r)?.cpuPerChange[part], " µs")
        : row(index === 0 ? label : "", (r) => pick(r)?.cpu[part], "", percent),
    );
  const pgNote = sources.includes("postgres") ? " / postgres (its backends)" : "";
  const rows: string[][] = [
    row(`live: end to end, ${fmt(options.changes)} changes written as fast as the writer goes`, (r) => rate(r.live), " changes/s"),
    row("  the same in source transactions", (r) => r.live.transactions / r.live.seconds, " tx/s"),
    row("  source write rate (the writer, beside the pipeline)", (r) => r.live.changes / r.live.writeSeconds, " changes/s"),
    row("  relay: all published after", (r) => r.live.publishedAfter, " s", seconds),
    row("  catalog: all applied after", (r) => r.live.seconds, " s", seconds),
    ...cpuRows(`  CPU writer / relay / catalog / nats-server${pgNote}`, (r) => r.live, CPU_PARTS, false),
    ...cpuRows(`  CPU per change, µs: writer / relay / catalog / nats-server${pgNote}`, (r) => r.live, CPU_PARTS, true),
    row(`catch-up: ${fmt(options.changes)} changes logged while the relay was frozen, drained`, (r) => (r.catchUp ? rate(r.catchUp) : undefined), " changes/s", undefined, `≥ ${fmt(GOAL_THROUGHPUT)} changes/s`),
    row("  source write rate (the writer, while the relay was frozen)", (r) => (r.catchUp ? r.catchUp.changes / r.catchUp.writeSeconds : undefined), " changes/s"),
    row("  relay: all published after", (r) => r.catchUp?.publishedAfter, " s", seconds),
    row("  catalog: all applied after", (r) => r.catchUp?.seconds, " s", seconds),
    ...cpuRows(`  CPU relay / catalog / nats-server${pgNote}`, (r) => r.catchUp, ["relay", "catalog", "nats", "database"], false),
    ...cpuRows(`  CPU per change, µs: relay / catalog / nats-server${pgNote}`, (r) => r.catchUp, ["relay", "catalog", "nats", "database"], true),
    row(`steady: ${fmt(options.rate)} changes/s asked for ${options.steadySeconds} s; the rate the writer reached`, (r) => (r.steady ? r.steady.changes / r.steady.seconds : undefined), " changes/s"),
    row(`  commit-to-apply p50 (the catalog's last ${fmt(LAG_WINDOW)} applied changes)`, (r) => r.steady?.p50 ?? undefined, " ms"),
    row(`  commit-to-apply p99`, (r) => r.steady?.p99 ?? undefined, " ms", undefined, `< ${GOAL_P99_MS} ms at ${fmt(options.rate)}/s`),
  ];
  const histories = results.filter((result) => result.history);
  const historyOk = (source: Source) => histories.filter((r) => r.source === source).every((result) => result.history!.ok);
  if (histories.length > 0) {
    rows.push([
      "history check (exactly once, per-row order)",
      ...columns.map((column) => {
        if (column.variant !== "journal") return "";
        const checked = histories.filter((r) => r.source === column.source).reduce((sum, result) => sum + result.history!.changes, 0);
        return historyOk(column.source) ? `ok (${fmt(checked)} changes)` : "FAILED";
      }),
      "ok",
    ]);
  }
  const loads = results.map((result) => result.loadAverage);
  const title = (column: { source: Source; variant: Variant }) => `${SOURCE_NAMES[column.source]}, ${column.variant === "defaults" ? "product defaults" : "apply journal on"}: median (min–max)`;
  console.log("");
  printTable(["measure", ...columns.map(title), "goal"], rows.filter((r) => r.slice(1, -1).some((c) => c !== "")));
  console.log(`CPU in % of one core over the measured span; load average (1 min) at the end of each variant: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${cpus().length} cores`);
  const retried = sources.map((source) => [source, results.filter((r) => r.source === source).reduce((sum, r) => sum + r.live.retries + (r.catchUp?.retries ?? 0), 0)] as const).filter(([, count]) => count > 0);
  if (retried.length > 0) console.log(`source transactions the writer ran again in the bursts: ${retried.map(([source, count]) => `${SOURCE_NAMES[source]} ${fmt(count)}`).join(", ")} (SQLITE_BUSY*, PostgreSQL deadlock or serialization failure: see the writer's output)`);
  const short = results.filter((result) => result.steady && result.steady.changes / result.steady.seconds < 0.95 * options.rate);
  if (short.length > 0) {
    console.log(`note: the writer did not reach ${fmt(options.rate)} changes/s in ${short.length} steady phase(s) (${[...new Set(short.map((r) => SOURCE_NAMES[r.source]))].join(", ")}): their lag is at the rate it reached`);
  }

  for (const source of sources) {
    const main = of(source, "defaults").length > 0 ? of(source, "defaults") : of(source, "journal");
    if (main.length === 0) continue;
    const catchUps = main.map((r) => r.catchUp).filter((b): b is BurstResult => b !== undefined);
    const summary = [`bench:cdc ${SOURCE_NAMES[source]}: ${fmt(median(main.map((r) => rate(r.live))))} changes/s end to end live`];
    if (catchUps.length > 0) summary.push(`${fmt(median(catchUps.map(rate)))} changes/s catching up (goal ≥ ${fmt(GOAL_THROUGHPUT)})`);
    const p99s = of(source, "defaults")
      .map((r) => r.steady?.p99)
      .filter((value): value is number => typeof value === "number");
    const reached = median(of(source, "defaults").flatMap((r) => (r.steady ? [r.steady.changes / r.steady.seconds] : [])));
    if (p99s.length > 0) summary.push(`p99 ${fmt(median(p99s))} ms at ${fmt(Math.min(reached, options.rate))}/s (goal < ${GOAL_P99_MS} ms at ${fmt(options.rate)}/s)`);
    const sourceHistories = histories.filter((r) => r.source === source);
    summary.push(sourceHistories.length === 0 ? "history not checked (no journal variant)" : historyOk(source) ? "history ok" : "history FAILED");
    console.log(summary.join(", "));
  }
}

function printCostReport(costs: WriterCostResult[], options: { writerTransactions: number }): void {
  const connectionsList = [...new Set(costs.map((cost) => cost.connections))];
  const txRate = (cost: WriterCostResult) => cost.transactions / cost.seconds;
  const percent = (value: number) => `${value >= 0 ? "+" : "−"}${Math.abs(value).toFixed(0)} %`;
  const rows: string[][] = [];
  for (const connections of connectionsList) {
    const side = (capture: Capture) => costs.filter((cost) => cost.connections === connections && cost.capture === capture);
    // Paired by round (they ran one after the other): the price in that round.
    const versus = (capture: Capture, base: Capture) => {
      const ratios = side(capture).flatMap((cost) => side(base).filter((other) => other.round === cost.round).map((other) => txRate(cost) / txRate(other)));
      return ratios.length === 0 ? "–" : ratios.length === 1 ? percent((ratios[0] - 1) * 100) : `${percent((median(ratios) - 1) * 100)} (${percent((Math.min(...ratios) - 1) * 100)} to ${percent((Math.max(...ratios) - 1) * 100)})`;
    };
    const perTx = (pick: (cost: WriterCostResult) => number) => (cost: WriterCostResult) => (pick(cost) * 1000) / cost.transactions;
    const cpu = (pick: (cost: WriterCostResult) => number) => CAPTURES.map((capture) => spread(side(capture).map(perTx(pick)))).join(" / ");
    rows.push([
      `${connections} connection${connections === 1 ? "" : "s"}`,
      ...CAPTURES.map((capture) => `${spread(side(capture).map(txRate))} tx/s`),
      versus("v1", "off"),
      versus("v2", "off"),
      versus("v2", "v1"),
      `${cpu((cost) => cost.databaseCpuMs)} µs`,
      `${cpu((cost) => cost.writerCpuMs)} µs`,
    ]);
  }
  const retries = costs.reduce((sum, cost) => sum + cost.retries, 0);
  const loads = costs.map((cost) => cost.loadAverage);
  console.log("");
  console.log(`PostgreSQL, the writer alone (no relay, no catalog): ${fmt(options.writerTransactions)} transactions of the mix per measurement, on databases with capture v1, v2 and none (the same schema), medians (min–max)`);
  printTable(
    ["writer", "capture off", "capture v1", "capture v2", "v1 vs off (per round)", "v2 vs off (per round)", "v2 vs v1 (per round)", "CPU per transaction of its backends, off / v1 / v2", "CPU per transaction of the writer, off / v1 / v2"],
    rows,
  );
  console.log(`load average (1 min) after each measurement: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${cpus().length} cores${retries > 0 ? `; ${retries} transaction(s) run again after a deadlock or serialization failure` : ""}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
