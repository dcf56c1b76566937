/**
 * `npm run bench:cli`: how long the `strangler` CLI takes to start and answer, next to `node -e 0`
 * (a Node process doing nothing) on the same machine at the same moment. Each command is run as a
 * user runs it (its own process, `node scripts/cli/bin.js …`: the package's bin) in interleaved
 * rounds (one of each command per round, so a burst of load hits them all alike); the table shows
 * medians of wall time and of CPU time (user + sys, from /usr/bin/time when there is one), and each
 * as a ratio to `node -e 0`. `status --json` runs against a real proxy (started in this process,
 * with a stub service answering its sync status).
 *
 * Reference rows: `npx strangler --help` (what npx adds); with `--before <dir>`, `--help` of the bin
 * of another checkout, e.g. the one before the CLI was compiled (TypeScript through tsx):
 *
 *   git archive <commit> | tar -x -C /tmp/before && ln -s "$PWD/node_modules" /tmp/before/node_modules
 *   npm run bench:cli -- --before /tmp/before [--rounds 20] [--no-npx]
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { httpOnFreePort, startProxy, startTestUpstream } from "../../testing";
import { printTable } from "./print-table";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "20" }, "no-npx": { type: "boolean", default: false }, before: { type: "string" } } });

const ROOT = join(__dirname, "..", "..");
const BIN = join(ROOT, "scripts", "cli", "bin.js");
const TIME = "/usr/bin/time";

interface Command {
  label: string;
  argv: string[];
  /** The exit code the command must end with (a benchmark of a failing command measures nothing). */
  code: number;
  /** Working folder (default: this repository). */
  cwd?: string;
}

interface Sample {
  wallMs: number;
  cpuMs: number | null;
}

/** Runs one command to its end: wall time around the whole process, CPU time from /usr/bin/time. */
function run(command: Command, env: NodeJS.ProcessEnv, scratch: string): Promise<Sample> {
  const useTime = existsSync(TIME);
  const timesFile = join(scratch, "times");
  const [file, ...args] = useTime ? [TIME, "-f", "%U %S", "-o", timesFile, ...command.argv] : command.argv;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, args, { cwd: command.cwd ?? ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== command.code) return reject(new Error(`${command.label}: exit code ${code}, expected ${command.code}\n${stderr}`));
      let cpuMs: number | null = null;
      if (useTime) {
        const [user, sys] = readFileSync(timesFile, "utf8").trim().split(/\s+/).slice(-2).map(Number);
        cpuMs = (user + sys) * 1000;
      }
      resolve({ wallMs, cpuMs });
    });
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function main(): Promise<void> {
  const rounds = Number(values.rounds);
  const scratch = mkdtempSync(join(tmpdir(), "cli-bench-"));
  // The sync status a service serves (contracts/sync-status.ts), so status reads a stream like the stack's.
  const service = await httpOnFreePort((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ service: "catalog", streams: [{ stream: "CDC_MONOLITH", running: true, backlog: 0, lastAppliedPosition: 42, lagP99Ms: 12, heartbeatLagMs: 30, parked: 0 }], ownership: [] }));
  });
  const monolith = await startTestUpstream("monolith");
  const config = {
    upstreams: [
      { name: "monolith", url: monolith.url, default: true },
      { name: "catalog", url: service.url, syncStatusPath: "/internal/sync/status" },
    ],
    routes: [
      { id: "products-read", group: "catalog", methods: ["GET"], paths: ["/products", "/products/:id"], upstream: "catalog" },
      { id: "categories-read", group: "catalog", methods: ["GET"], paths: ["/categories"], upstream: "catalog" },
    ],
  };
  const routeTable = join(scratch, "strangler.config.json");
  writeFileSync(routeTable, JSON.stringify(config));
  const proxy = await startProxy({ dataDir: scratch, config });
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, STRANGLER_ADMIN_URL: proxy.adminUrl, STRANGLER_ADMIN_TOKEN: proxy.adminToken, STRANGLER_DATA_DIR: scratch, STRANGLER_CONFIG: routeTable };

  const commands: Command[] = [
    { label: "node -e 0", argv: [process.execPath, "-e", "0"], code: 0 },
    { label: "strangler --help", argv: [process.execPath, BIN, "--help"], code: 0 },
    { label: "strangler route set products-read (usage error)", argv: [process.execPath, BIN, "route", "set", "products-read"], code: 2 },
    { label: "strangler sync discard --key 7 (no --reason)", argv: [process.execPath, BIN, "sync", "discard", "--key", "7"], code: 2 },
    { label: "strangler status --json (running proxy)", argv: [process.execPath, BIN, "status", "--json"], code: 0 },
    ...(values["no-npx"] ? [] : [{ label: "npx strangler --help", argv: ["npx", "--no-install", "strangler", "--help"], code: 0 }]),
    // Run from its own folder: tsx reads the tsconfig.json of the working folder (decorators).
    ...(values.before ? [{ label: `strangler --help of ${values.before}`, argv: [process.execPath, join(values.before, "scripts", "cli", "bin.js"), "--help"], code: 0, cwd: values.before }] : []),
  ];
  const samples = new Map<string, Sample[]>(commands.map((command) => [command.label, []]));
  const loadBefore = loadavg()[0];
  try {
    // The first round warms the file cache (and compiles the bin if a source changed): not counted.
    for (const command of commands) await run(command, env, scratch);
    for (let round = 0; round < rounds; round++) {
      for (const command of commands) samples.get(command.label)!.push(await run(command, env, scratch));
      process.stderr.write(`\rround ${round + 1}/${rounds}`);
    }
    process.stderr.write("\n");
  } finally {
    await proxy.close();
    await monolith.close();
    await service.close();
    rmSync(scratch, { recursive: true, force: true });
  }

  const base = samples.get("node -e 0")!;
  const baseWall = median(base.map((sample) => sample.wallMs));
  const baseCpu = base[0].cpuMs === null ? null : median(base.map((sample) => sample.cpuMs!));
  const rows = commands.map((command) => {
    const list = samples.get(command.label)!;
    const wall = median(list.map((sample) => sample.wallMs));
    const cpu = list[0].cpuMs === null ? null : median(list.map((sample) => sample.cpuMs!));
    return [
      command.label,
      `${Math.round(wall)} ms`,
      `${(wall / baseWall).toFixed(1)}×`,
      cpu === null ? "-" : `${Math.round(cpu)} ms`,
      cpu === null || !baseCpu ? "-" : `${(cpu / baseCpu).toFixed(1)}×`,
    ];
  });
  console.log(`\nstrangler CLI start, ${rounds} interleaved rounds, medians (load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after; node ${process.version})\n`);
  printTable(["command", "wall", "wall / node -e 0", "CPU (user+sys)", "CPU / node -e 0"], rows);
  const help = median(samples.get("strangler --help")!.map((sample) => sample.wallMs));
  console.log(`\n--help: ${Math.round(help)} ms, ${(help / baseWall).toFixed(1)}× node -e 0 (goal: ≤ 300 ms on a quiet machine)`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
