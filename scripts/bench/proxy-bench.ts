/**
 * `npm run bench:proxy [-- --rounds 5 --seconds 5 --latency-seconds 2 --connections 16 --threads 2
 *   --flips 40 --profile <dir> --no-monolith --keep --quick]`
 *
 * Every target in its own process, all started once and kept up for the whole run: a tiny upstream
 * directly; in front of it a bare node:http forwarder, @fastify/http-proxy, nginx (Debian, optional)
 * and our proxy three times (default log level, LOG_LEVEL=warn, 100 % shadow at default level); the
 * real seeded monolith directly, through our proxy and through nginx. Load from wrk (Debian). In
 * interleaved rounds (≥ 5; the order rotates each round) each target gets a 1-connection run
 * (latency) and a loaded run, around which the CPU of every process involved is read from
 * /proc/<pid>/stat and divided by the requests wrk counted. Prints medians and min–max over the
 * rounds, the goals as per-round ratios, the load average, the flag flip latency, and one closing line.
 * `--profile <dir>` writes V8 CPU profiles of our default-level proxies (plain and shadowing) there.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, statSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { tempDir } from "../../testing";
import { measureFlipLatency } from "./proxy/flip-latency";
import { startMonolithTargets } from "./proxy/monolith-targets";
import { runRounds } from "./proxy/rounds";
import { spread } from "./proxy/stats";
import { closingLine, goals, printGoals, printProcesses, printTargets } from "./proxy/summary";
import { startTargets } from "./proxy/targets";
import { ensureNginx, ensureWrk } from "./proxy/tools";
import { describeLoad } from "./proxy/wrk";

const { values } = parseArgs({
  options: {
    rounds: { type: "string" },
    seconds: { type: "string" },
    "latency-seconds": { type: "string" },
    connections: { type: "string", default: "16" },
    threads: { type: "string", default: "2" },
    flips: { type: "string" },
    profile: { type: "string" },
    "no-monolith": { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
  },
});

function positive(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a whole number above 0, got "${raw}"`);
  return value;
}

function parseOptions() {
  const quick = values.quick;
  const options = {
    quick,
    rounds: positive("rounds", values.rounds ?? (quick ? "1" : "5")),
    seconds: positive("seconds", values.seconds ?? (quick ? "1" : "5")),
    latencySeconds: positive("latency-seconds", values["latency-seconds"] ?? (quick ? "1" : "2")),
    connections: positive("connections", values.connections),
    threads: positive("threads", values.threads),
    flips: positive("flips", values.flips ?? (quick ? "5" : "40")),
    profileDir: values.profile ? resolve(values.profile) : undefined,
    monolith: !values["no-monolith"],
    keep: values.keep,
  };
  if (options.rounds < 5 && !quick) {
    process.stderr.write("bench:proxy: --rounds must be at least 5 (medians of fewer interleaved rounds are not a measurement); --quick allows fewer, for a smoke run.\n");
    process.exit(1);
  }
  return options;
}

/** The first line a tool prints about its version (wrk and nginx print it on stderr, wrk with exit code 1). */
const firstLine = (cmd: string, args: string[]) => {
  const run = spawnSync(cmd, args, { encoding: "utf8" });
  return `${run.stdout ?? ""}\n${run.stderr ?? ""}`.split("\n").find((line) => line.trim())?.trim() ?? cmd;
};

async function main(): Promise<void> {
  const options = parseOptions();
  const wrk = ensureWrk();
  const nginx = ensureNginx();
  const loaded = { connections: options.connections, threads: Math.min(options.threads, options.connections), seconds: options.seconds };
  const single = { connections: 1, threads: 1, seconds: options.latencySeconds };
  const dir = tempDir("proxy-bench-");
  const stops: Array<() => Promise<void>> = [];
  // Stopped by a signal: end every process it started (they are not in a terminal's process group when killed by pid).
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\nbench:proxy: ${signal}, stopping its processes`);
      void Promise.allSettled(stops.map((stop) => stop())).finally(() => {
        if (!options.keep) dir.remove();
        process.exit(130);
      });
    });
  }
  const loadStart = loadavg()[0];
  const startedAt = Date.now();
  console.log(`bench:proxy on ${cpus().length} cores (${cpus()[0]?.model.trim()}), node ${process.version}, ${firstLine(wrk, ["--version"])}${nginx ? `, ${firstLine(nginx, ["-v"])}` : ""}`);
  console.log(`load average at start: ${loadavg().map((v) => v.toFixed(2)).join(" ")} (1, 5, 15 min)`);
  console.log(`offered load: closed loop (each connection sends its next request when the answer has arrived); loaded runs ${describeLoad(loaded)}; latency runs ${describeLoad(single)}`);
  console.log(`logs and data in ${dir.path}${options.keep ? " (kept)" : " (removed at the end; --keep keeps them)"}`);
  let flipP99Ms: number | undefined;
  let closing = "";
  try {
    if (options.profileDir) mkdirSync(options.profileDir, { recursive: true });
    const profileArgs = options.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.profileDir}`] : [];
    const started = await startTargets({ dir, nginx, profileArgs }, stops);
    const targets = [...started.targets, ...(options.monolith ? await startMonolithTargets(dir, nginx, stops) : [])];
    const live = targets.filter((t) => t.url).length;
    const perRound = live * (options.seconds + options.latencySeconds + 0.5);
    console.log(`${live} targets, ${options.rounds} rounds: about ${Math.ceil((live * 1.2 + options.rounds * perRound) / 60)} min\n`);

    const samples = await runRounds(targets, { wrk, rounds: options.rounds, loaded, single, warmupSeconds: options.quick ? 1 : 2 }, (line) => console.log(line));
    const shadow = await started.shadowCounters();
    const loadEnd = loadavg()[0];

    console.log(`\nMedian (min–max) over ${options.rounds} interleaved round${options.rounds === 1 ? "" : "s"}; CPU from /proc of the process answering, per request wrk counted; req/s at ${options.connections} connections:\n`);
    printTargets(targets, samples);
    console.log("\nCPU µs per request of every process during the loaded runs (medians), and what the target's log file grew by:\n");
    printProcesses(targets, samples);
    console.log(`\nshadow outcomes of the shadowed route over the whole run: ${JSON.stringify(shadow)}\n`);
    const list = goals(samples);
    printGoals(list);
    console.log(`\nload average at end: ${loadavg().map((v) => v.toFixed(2)).join(" ")} (1, 5, 15 min)`);

    for (const stop of stops.splice(0).reverse()) await stop();
    if (options.profileDir) printProfiles(options.profileDir, startedAt, started.profiled);

    const flips = await measureFlipLatency(options.flips);
    console.log(`\nFlag flip latency (${flips.flips} flips, admin call returned → first request routed the new way; embedded store, streaming):`);
    for (const [name, values] of [["hosting instance", flips.host], ["reading instance", flips.reader]] as const) {
      const s = spread(values);
      console.log(`  ${name.padEnd(17)} p50 ${s.median.toFixed(1)} ms   p99 ${quantile(values, 0.99).toFixed(1)} ms   max ${s.max.toFixed(1)} ms`);
    }
    flipP99Ms = quantile([...flips.host, ...flips.reader], 0.99);
    closing = closingLine({ samples, goals: list, rounds: options.rounds, loadStart, loadEnd, quick: options.quick, flipP99Ms });
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    if (!options.keep) dir.remove();
  }
  console.log(`\n${closing}`);
}

/** The profiles our proxies wrote at their exit (`CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile`; thread 0 is the main thread). */
function printProfiles(dir: string, since: number, profiled: Map<number, string>): void {
  const files = readdirSync(dir).filter((name) => name.endsWith(".cpuprofile") && statSync(join(dir, name)).mtimeMs >= since);
  console.log("V8 CPU profiles over the whole run (open them in Chrome DevTools):");
  for (const [pid, label] of profiled) {
    const main = files.filter((name) => name.includes(`.${pid}.0.`)).map((name) => join(dir, name));
    console.log(`  ${label}: ${main.join(", ") || "none written"}`);
  }
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

main().catch((err: Error) => {
  console.error(err.stack ?? err.message);
  process.exit(1);
});
