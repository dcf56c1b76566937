/**
 * `npm run bench:cdc [-- --rounds 3 --changes 100000 --rate 1000 --steady-seconds 20 --products 10000 --variants defaults,journal --profile <dir> --keep]`
 *
 * End-to-end change-data sync as a user runs it: the monolith's SQLite file with the shop schema and
 * the capture triggers its migrations install (seeded by `npm run seed`), nats-server, the relay
 * (`scripts/stack/relay-main.ts`) and the catalog service (`extracted/catalog/main.ts`: its consumer
 * with the catalog's real mapping into catalog.sqlite, the reverse direction and the ownership
 * keeper), each a process of its own at product defaults (log level info included), and a writer
 * process doing a shop's transactions of 1–3 rows (scripts/bench/cdc/shop-workload.ts) straight into
 * the monolith's file, as the legacy app's statements would.
 *
 * Each round measures two variants, in alternating order; the catalog service is restarted for each
 * and warmed up with a short burst:
 *   defaults  the catalog at product defaults:
 *             steady    --rate changes/s for --steady-seconds: the commit-to-apply p50/p99 the catalog
 *                       itself reports (GET /internal/sync/status, its last 10,000 applied changes);
 *             live      a burst of --changes written as fast as the writer goes while everything runs:
 *                       end to end, from the first write to the catalog's last acknowledgement;
 *             catch-up  the same burst written while the relay is frozen (SIGSTOP), then released
 *                       (SIGCONT): what the pipeline alone drains per second, whatever the source's pace;
 *   journal   the catalog with its apply journal on (STRANGLER_SYNC_JOURNAL=on, one more row per
 *             change, as the fault suite runs it): the live burst, then the history checker over every
 *             change of the variant (warm-up included): each applied exactly once, in order per row.
 * The bench watches files while a burst runs (the relay's progress file, the consumer's checkpoint in
 * catalog.sqlite) and asks the catalog's status endpoint only to confirm the end (backlog 0), so it
 * does not load the processes it measures. Reported: medians over the rounds (min–max beside them),
 * the CPU of each process (/proc/<pid>/stat) in % of a core and in µs per change, the load average,
 * and one closing summary line.
 */
import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { freePort, tempDir } from "../../testing";
import { startChild } from "../stack/child-process";
import { printTable } from "./print-table";
import { MAPPED_TABLES, Observer } from "./cdc/observe";
import { cpuMs, CdcStack, type StackPids } from "./cdc/stack";
import type { WriterReport } from "./cdc/writer-main";
import { WORKLOAD_MIX } from "./cdc/shop-workload";

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
    variants: { type: "string", default: "defaults,journal" },
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

interface BurstResult {
  changes: number;
  transactions: number;
  /** Live: from the writer's first write to the catalog's last ack. Catch-up: from the relay's release to the last ack. */
  seconds: number;
  publishedAfter: number;
  writeSeconds: number;
  /** CPU of each process over the span, in % of one core. */
  cpu: Record<keyof StackPids, number>;
  /** CPU of each process over the span per change, in µs: what a change costs, whatever else runs on the machine. */
  cpuPerChange: Record<keyof StackPids, number>;
}

interface VariantResult {
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

/** The bench's environment without any setting of the deployables: each runs at its product defaults. */
function productDefaultsEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^(STRANGLER_|NATS_URL$|LOG_LEVEL$|MONOLITH_|CATALOG_|RELAY_|SHOP_ADMIN_TOKEN$|PROXY_PORT$|ADMIN_PORT$|NODE_OPTIONS$)/.test(name)) delete env[name];
  }
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
  };
  const variants = values.variants.split(",").map((name) => name.trim()) as Variant[];
  if (variants.length === 0 || variants.some((name) => name !== "defaults" && name !== "journal")) throw new Error("--variants takes defaults, journal or both (comma-separated)");

  const dir = tempDir("cdc-bench-");
  const logDir = dir.file("logs");
  mkdirSync(logDir, { recursive: true });
  const profileDir = values.profile ? join(process.cwd(), values.profile) : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const env = productDefaultsEnv();
  const stack = new CdcStack({ dataDir: dir.path, logDir, env, catalogPort: await freePort(), profileDir });
  const observer = new Observer(stack.monolithFile, dir.file("catalog.sqlite"), stack.catalogUrl);
  const results: VariantResult[] = [];
  let failed = false;
  try {
    const seed = startChild(
      {
        name: "seed",
        entry: "scripts/seed/seed-monolith.ts",
        args: ["--products", String(options.products), "--categories", String(options.categories), "--customers", String(options.customers), "--orders", "0"],
        env: { ...env, STRANGLER_DATA_DIR: dir.path },
      },
      logDir,
    );
    if ((await seed.exited) !== 0) throw new Error(`seeding the monolith failed:\n${seed.tail()}`);
    await stack.start(options.seed);
    const rowsPerTransaction = WORKLOAD_MIX.reduce((sum, entry) => sum + entry.share * entry.rows, 0);
    console.log(
      `bench:cdc: ${fmt(options.products)} products; ${options.rounds} round(s) of ${variants.join(" + ")}: a burst of ${fmt(options.changes)} changes ` +
        `(transactions of 1–3 rows, ${rowsPerTransaction.toFixed(2)} on average), then ${options.steadySeconds} s at ${fmt(options.rate)} changes/s; ` +
        `data in ${dir.path}; load average ${loadavg().map((value) => value.toFixed(2)).join(" ")}`,
    );

    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? variants : [...variants].reverse();
      for (const variant of order) {
        const result = await runVariant(stack, observer, variant, round, options);
        results.push(result);
        console.log(variantLine(result, options.rounds));
        if (result.history && !result.history.ok) failed = true;
      }
    }
  } catch (err) {
    failed = true;
    console.error(err);
    console.error(`logs kept in ${logDir}`);
  } finally {
    await stack.stop().catch(() => undefined);
    if (!values.keep && !failed) dir.remove();
    else console.log(`data and logs kept in ${dir.path}`);
  }
  if (results.length > 0) printReport(results, options);
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
  const start = observer.head();
  await observer.drained(start, DRAIN_TIMEOUT_MS);
  // Warm-up: the catalog process was just started (JIT, statement caches, the pull consumer).
  const warm = await stack.write({ cmd: "burst", changes: options.warmup });
  await observer.drained(warm.headAfter, DRAIN_TIMEOUT_MS);
  const pids = stack.pids();

  // Steady: the commit-to-apply lag at a steady rate, first (the catalog's lag window then holds
  // only these changes' samples, none of the bursts').
  let steadyResult: VariantResult["steady"];
  if (variant === "defaults") {
    const steady = await stack.write({ cmd: "steady", perSecond: options.rate, seconds: options.steadySeconds });
    await observer.drained(steady.headAfter, DRAIN_TIMEOUT_MS);
    const status = await observer.forward();
    const perTable = observer.changesPerTable(steady.headBefore, steady.headAfter);
    const mapped = MAPPED_TABLES.reduce((sum, table) => sum + (perTable[table] ?? 0), 0);
    steadyResult = { p50: status.lagP50Ms ?? null, p99: status.lagP99Ms, changes: steady.headAfter - steady.headBefore, mapped, maxBehind: steady.maxBehind ?? 0, seconds: steady.ms / 1000 };
  }

  // Live: the writer writes as fast as it can while the relay and the catalog run beside it.
  let cpuBefore = cpuOf(pids);
  let began = performance.now();
  const written = await stack.write({ cmd: "burst", changes: options.changes });
  const live = await measured(observer, pids, written, began, cpuBefore);
  const result: VariantResult = { variant, round, live, steady: steadyResult, loadAverage: loadavg()[0] };

  if (variant === "defaults") {
    // Catch-up: the same burst written while the relay is frozen, then the pipeline alone drains it.
    stack.freezeRelay(true);
    let backlog;
    try {
      backlog = await stack.write({ cmd: "burst", changes: options.changes });
    } finally {
      cpuBefore = cpuOf(pids);
      began = performance.now();
      stack.freezeRelay(false);
    }
    result.catchUp = await measured(observer, pids, backlog, began, cpuBefore);
  } else {
    const report = observer.history(start, written.headAfter);
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

/** Waits until what `written` logged is applied; the rate and CPU from `began`. */
async function measured(observer: Observer, pids: StackPids, written: WriterReport, began: number, cpuBefore: Record<keyof StackPids, number>): Promise<BurstResult> {
  const { publishedAt, appliedAt } = await observer.drained(written.headAfter, DRAIN_TIMEOUT_MS);
  const cpuAfter = cpuOf(pids);
  const seconds = (appliedAt - began) / 1000;
  const parts = Object.keys(pids) as Array<keyof StackPids>;
  const changes = written.headAfter - written.headBefore;
  return {
    changes,
    transactions: written.transactions,
    seconds,
    publishedAfter: (publishedAt - began) / 1000,
    writeSeconds: written.ms / 1000,
    cpu: Object.fromEntries(parts.map((part) => [part, (100 * (cpuAfter[part] - cpuBefore[part])) / (seconds * 1000)])) as BurstResult["cpu"],
    cpuPerChange: Object.fromEntries(parts.map((part) => [part, ((cpuAfter[part] - cpuBefore[part]) * 1000) / changes])) as BurstResult["cpuPerChange"],
  };
}

function cpuOf(pids: StackPids): Record<keyof StackPids, number> {
  return { writer: cpuMs(pids.writer), relay: cpuMs(pids.relay), catalog: cpuMs(pids.catalog), nats: cpuMs(pids.nats) };
}

const rate = (burst: BurstResult) => burst.changes / burst.seconds;
const cpuText = (burst: BurstResult) =>
  `CPU writer/relay/catalog/nats ${Math.round(burst.cpu.writer)}/${Math.round(burst.cpu.relay)}/${Math.round(burst.cpu.catalog)}/${Math.round(burst.cpu.nats)} % = ` +
  `${Math.round(burst.cpuPerChange.writer)}/${Math.round(burst.cpuPerChange.relay)}/${Math.round(burst.cpuPerChange.catalog)}/${Math.round(burst.cpuPerChange.nats)} µs per change`;

function variantLine(result: VariantResult, rounds: number): string {
  const { live, catchUp } = result;
  const parts = [
    `[round ${result.round + 1}/${rounds} ${result.variant.padEnd(8)}]`,
    `live ${fmt(rate(live))} changes/s (${fmt(live.transactions / live.seconds)} tx/s; written in ${live.writeSeconds.toFixed(2)} s, published after ${live.publishedAfter.toFixed(2)} s, applied after ${live.seconds.toFixed(2)} s; ${cpuText(live)})`,
  ];
  if (catchUp) parts.push(`catch-up ${fmt(rate(catchUp))} changes/s (published after ${catchUp.publishedAfter.toFixed(2)} s, applied after ${catchUp.seconds.toFixed(2)} s; ${cpuText(catchUp)})`);
  if (result.steady) parts.push(`steady ${fmt(result.steady.changes / result.steady.seconds)}/s: p50 ${result.steady.p50} ms, p99 ${result.steady.p99} ms`);
  if (result.history) parts.push(`history ${result.history.detail} (${fmt(result.history.changes)} changes, ${fmt(result.history.applications)} applications)`);
  parts.push(`load ${result.loadAverage.toFixed(2)}`);
  return parts.join("; ");
}

function printReport(results: VariantResult[], options: { changes: number; rate: number; steadySeconds: number }): void {
  const of = (variant: Variant) => results.filter((result) => result.variant === variant);
  const columns = (["defaults", "journal"] as const).filter((variant) => of(variant).length > 0);
  const cell = (variant: Variant, pick: (result: VariantResult) => number | undefined, show?: (value: number) => string) => {
    const list = of(variant).map(pick).filter((value): value is number => value !== undefined && Number.isFinite(value));
    return list.length === 0 ? "" : spread(list, show);
  };
  const row = (label: string, pick: (result: VariantResult) => number | undefined, unit = "", show?: (value: number) => string, goal = "") => [
    label,
    ...columns.map((variant) => {
      const text = cell(variant, pick, show);
      return text === "" ? "" : `${text}${unit}`;
    }),
    goal,
  ];
  const percent = (value: number) => `${Math.round(value)} %`;
  const seconds = (value: number) => value.toFixed(1);
  const rows: string[][] = [
    row(`live: end to end, ${fmt(options.changes)} changes written as fast as the writer goes`, (r) => rate(r.live), " changes/s"),
    row("  the same in source transactions", (r) => r.live.transactions / r.live.seconds, " tx/s"),
    row("  source write rate (the writer, beside the pipeline)", (r) => r.live.changes / r.live.writeSeconds, " changes/s"),
    row("  relay: all published after", (r) => r.live.publishedAfter, " s", seconds),
    row("  catalog: all applied after", (r) => r.live.seconds, " s", seconds),
    row("  CPU writer / relay / catalog / nats-server", (r) => r.live.cpu.writer, "", percent),
    row("", (r) => r.live.cpu.relay, "", percent),
    row("", (r) => r.live.cpu.catalog, "", percent),
    row("", (r) => r.live.cpu.nats, "", percent),
    row("  CPU per change, µs: writer / relay / catalog / nats-server", (r) => r.live.cpuPerChange.writer, " µs"),
    row("", (r) => r.live.cpuPerChange.relay, " µs"),
    row("", (r) => r.live.cpuPerChange.catalog, " µs"),
    row("", (r) => r.live.cpuPerChange.nats, " µs"),
    row(`catch-up: ${fmt(options.changes)} changes logged while the relay was frozen, drained`, (r) => (r.catchUp ? rate(r.catchUp) : undefined), " changes/s", undefined, `≥ ${fmt(GOAL_THROUGHPUT)} changes/s`),
    row("  relay: all published after", (r) => r.catchUp?.publishedAfter, " s", seconds),
    row("  catalog: all applied after", (r) => r.catchUp?.seconds, " s", seconds),
    row("  CPU relay / catalog / nats-server", (r) => r.catchUp?.cpu.relay, "", percent),
    row("", (r) => r.catchUp?.cpu.catalog, "", percent),
    row("", (r) => r.catchUp?.cpu.nats, "", percent),
    row("  CPU per change, µs: relay / catalog / nats-server", (r) => r.catchUp?.cpuPerChange.relay, " µs"),
    row("", (r) => r.catchUp?.cpuPerChange.catalog, " µs"),
    row("", (r) => r.catchUp?.cpuPerChange.nats, " µs"),
    row(`commit-to-apply p50 at ${fmt(options.rate)} changes/s for ${options.steadySeconds} s`, (r) => r.steady?.p50 ?? undefined, " ms"),
    row(`commit-to-apply p99 at ${fmt(options.rate)} changes/s for ${options.steadySeconds} s`, (r) => r.steady?.p99 ?? undefined, " ms", undefined, `< ${GOAL_P99_MS} ms`),
  ];
  const histories = results.filter((result) => result.history);
  const historyOk = histories.length > 0 && histories.every((result) => result.history!.ok);
  if (histories.length > 0) {
    const checked = histories.reduce((sum, result) => sum + result.history!.changes, 0);
    rows.push(["history check (exactly once, per-row order)", ...columns.map((v) => (v === "journal" ? (historyOk ? `ok (${fmt(checked)} changes)` : "FAILED") : "")), "ok"]);
  }
  const loads = results.map((result) => result.loadAverage);
  console.log("");
  printTable(["measure", ...columns.map((v) => (v === "defaults" ? "product defaults: median (min–max)" : "apply journal on: median (min–max)")), "goal"], rows.filter((r) => r.slice(1, -1).some((c) => c !== "")));
  console.log(`CPU in % of one core over the measured span; load average (1 min) at the end of each variant: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${cpus().length} cores`);
  if (of("defaults").some((result) => result.steady && result.steady.mapped < LAG_WINDOW)) {
    console.log(`note: a steady phase applied fewer than ${fmt(LAG_WINDOW)} changes, so the catalog's lag window still held burst samples: raise --steady-seconds`);
  }

  const main = of("defaults").length > 0 ? of("defaults") : of("journal");
  const catchUps = main.map((r) => r.catchUp).filter((b): b is BurstResult => b !== undefined);
  const summary = [`bench:cdc: ${fmt(median(main.map((r) => rate(r.live))))} changes/s end to end live`];
  if (catchUps.length > 0) summary.push(`${fmt(median(catchUps.map(rate)))} changes/s catching up (goal ≥ ${fmt(GOAL_THROUGHPUT)})`);
  const p99s = of("defaults").map((r) => r.steady?.p99).filter((value): value is number => typeof value === "number");
  if (p99s.length > 0) summary.push(`p99 ${fmt(median(p99s))} ms at ${fmt(options.rate)}/s (goal < ${GOAL_P99_MS} ms)`);
  summary.push(histories.length === 0 ? "history not checked (no journal variant)" : historyOk ? "history ok" : "history FAILED");
  console.log(summary.join(", "));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
