/**
 * `npm run bench:cutover [-- --products 100000 --catch-up-stall 30000 --drain-timeout 30000]`: how
 * long a write cut-over refuses writes, on a two-way catalog stack with 100,000 products. The real
 * `strangler cutover` (its own process, `--json`) moves the catalog's writes to the service and back
 * while one client keeps writing through the proxy; the table shows the window, the slow steps
 * outside it, and what the client saw, and one closing summary line follows it.
 *
 * The stack is ready once seeded and backfilled; sync still works through the seed's change log
 * (about two changes per product) then, so the first cut-over's catch-up waits for that backlog
 * while writes flow (its progress lines are passed through to stderr), as it would on a fresh
 * extraction. The proxy, both apps, the consumers and the client share this one Node process (the
 * CLI runs in its own), so a pause of this process's event loop shows up in the window.
 */
import "reflect-metadata";
import { spawn } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startCatalogProxy, startTwoWayCatalog, startWriteLoad } from "../../testing/catalog";
import { printTable } from "./print-table";

const { values } = parseArgs({
  options: {
    products: { type: "string", default: "100000" },
    "catch-up-stall": { type: "string", default: "30000" },
    "drain-timeout": { type: "string", default: "30000" },
  },
});

const BIN = join(__dirname, "..", "cli", "bin.js");
const GOAL_MS = 1_000;

interface CutoverReport {
  fencedMs: number;
  steps: Array<{ name: string; ms: number; detail?: string }>;
}

const fmt = (value: number) => value.toLocaleString("en");
const ms = (value: number) => `${fmt(value)} ms`;
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");

/** Runs the real `strangler` bin in its own process; its stderr (step and catch-up progress lines) goes to ours as it comes. */
function cutover(env: NodeJS.ProcessEnv, to: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "cutover", "catalog", "--to", to, "--json", "--catch-up-stall", values["catch-up-stall"], "--drain-timeout", values["drain-timeout"]], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk.toString().replace(/^(?=.)/gm, "  cli| "));
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function main(): Promise<void> {
  const products = Number(values.products);
  const started = Date.now();
  process.stderr.write(`bench:cutover on ${cpus().length} cores, node ${process.version}; load average ${load()} (1, 5, 15 min)\n`);
  const stack = await startTwoWayCatalog({ categories: 20, products, customers: 5, orders: 20 });
  const proxy = await startCatalogProxy(stack.shop.url, stack.catalog.url);
  process.stderr.write(`stack with ${fmt(products)} products (seed + backfill) ready in ${((Date.now() - started) / 1000).toFixed(1)} s; load average ${load()}\n`);
  const env = { PATH: process.env.PATH, STRANGLER_ADMIN_URL: proxy.adminUrl, STRANGLER_ADMIN_TOKEN: proxy.adminToken, STRANGLER_DATA_DIR: stack.dir.path, STRANGLER_CONFIG: proxy.routeTablePath };
  const writes = startWriteLoad({ proxyUrl: proxy.url, adminToken: stack.shop.adminToken, categoryId: 1, clients: 1, pauseMs: 50 });
  const rows: string[][] = [];
  const refused: Array<{ to: string; ms: number }> = [];
  let failure: string | null = null;
  let unexpected = 0;
  try {
    for (const to of ["service", "monolith"]) {
      const run = await cutover(env, to);
      if (run.code !== 0) throw new Error(`cutover --to ${to} failed (exit ${run.code}): ${run.stderr.split("\n").filter((line) => line.startsWith("error")).join(" ") || run.stderr}`);
      const report = JSON.parse(run.stdout) as CutoverReport;
      const step = (prefix: string) => report.steps.find((entry) => entry.name.startsWith(prefix));
      refused.push({ to, ms: report.fencedMs });
      rows.push([`writes refused, cut-over to the ${to}`, ms(report.fencedMs), `< ${ms(GOAL_MS)}`]);
      const catchUp = step("let the");
      const rounds = /(\d+) rounds/.exec(catchUp?.detail ?? "")?.[1];
      rows.push([`  (catch-up before the fence${rounds ? `, ${rounds} rounds` : ""})`, ms(catchUp?.ms ?? 0), ""]);
      rows.push([`  (full verify before the fence)`, ms(step("verify every row")?.ms ?? 0), ""]);
      rows.push([`  (drain + verify of changed rows, inside)`, ms((step("drain")?.ms ?? 0) + (step("verify the rows changed")?.ms ?? 0)), ""]);
      const inside = report.steps.slice(2).filter((entry) => !entry.name.startsWith("drain") && !entry.name.startsWith("verify the rows changed"));
      const slowest = inside.reduce((a, b) => (b.ms > a.ms ? b : a));
      rows.push([`  (slowest other step inside: ${slowest.name})`, ms(slowest.ms), ""]);
    }
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
  } finally {
    const seen = await writes.stop();
    unexpected = seen.unexpected.length;
    rows.push(["client writes acknowledged / retryable 503 / other", `${fmt(seen.acknowledged)} / ${fmt(seen.retryable503)} / ${fmt(unexpected)}`, "other = 0"]);
    if (unexpected > 0) process.stderr.write(`unexpected answers (first 5): ${seen.unexpected.slice(0, 5).join("; ")}\n`);
    await proxy.close();
    await stack.close();
  }
  console.log(`\nWrite cut-over with ${fmt(products)} products (one client writing through the proxy); ${((Date.now() - started) / 1000).toFixed(0)} s in all, load average at the end ${load()}\n`);
  printTable(["measure", "result", "goal"], rows);
  const windows = refused.map((entry) => `${ms(entry.ms)} → ${entry.to}`).join(", ");
  const within = refused.length === 2 && refused.every((entry) => entry.ms < GOAL_MS);
  console.log(
    `\nbench:cutover: ${fmt(products)} products; ` +
      (failure ? `FAILED: ${failure}${windows ? ` (writes refused ${windows} before it)` : ""}` : `writes refused ${windows} (goal < ${ms(GOAL_MS)}${within ? ": met" : ": MISSED"})`) +
      `; client saw ${fmt(unexpected)} unexpected answers`,
  );
  if (failure) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
