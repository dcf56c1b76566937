/**
 * How long a write cut-over refuses writes, by catalog size: the real `strangler cutover` (CLI
 * process, --json) on a two-way catalog stack with N products, to the service and back, while one
 * client keeps writing through the proxy. Prints each step's duration.
 *
 *   npx tsx testing/catalog/measure-cutover.ts [--products 100000]
 */
import "reflect-metadata";
import { parseArgs } from "node:util";
import { runCli } from "../cli";
import { startCatalogProxy } from "./catalog-proxy";
import { startTwoWayCatalog } from "./two-way-catalog";
import { startWriteLoad } from "./write-load";

const { values } = parseArgs({ options: { products: { type: "string", default: "100000" } } });

interface Report {
  to: string;
  fencedMs: number;
  steps: Array<{ name: string; ms: number; detail?: string }>;
}

async function main(): Promise<void> {
  const products = Number(values.products);
  let started = Date.now();
  const stack = await startTwoWayCatalog({ categories: 20, products, customers: 5, orders: 20 });
  process.stdout.write(`stack with ${products} products (seed + backfill) ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  const proxy = await startCatalogProxy(stack.shop.url, stack.catalog.url);
  const env = { PATH: process.env.PATH, STRANGLER_ADMIN_URL: proxy.adminUrl, STRANGLER_ADMIN_TOKEN: proxy.adminToken, STRANGLER_DATA_DIR: stack.dir.path, STRANGLER_CONFIG: proxy.routeTablePath };
  const load = startWriteLoad({ proxyUrl: proxy.url, adminToken: stack.shop.adminToken, categoryId: 1, clients: 1, pauseMs: 50 });
  try {
    for (const to of ["service", "monolith"]) {
      started = Date.now();
      const run = await runCli(env, "cutover", "catalog", "--to", to, "--json");
      if (run.code !== 0) throw new Error(`cutover --to ${to} failed: ${run.stderr}`);
      const report = JSON.parse(run.stdout) as Report;
      process.stdout.write(`\ncutover --to ${to}: writes refused for ${report.fencedMs} ms (command ${Date.now() - started} ms)\n`);
      for (const step of report.steps) process.stdout.write(`  ${String(step.ms).padStart(6)} ms  ${step.name}${step.detail ? `: ${step.detail}` : ""}\n`);
    }
  } finally {
    const seen = await load.stop();
    process.stdout.write(`\nclient: ${seen.acknowledged} writes acknowledged, ${seen.retryable503} retryable 503s, ${seen.unexpected.length} unexpected answers\n`);
    await proxy.close();
    await stack.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
