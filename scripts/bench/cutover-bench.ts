/**
 * `npm run bench:cutover`: how long a write cut-over refuses writes, on a two-way catalog stack with
 * 100,000 products (`--products N` to change it). The real `strangler cutover` (its own process,
 * `--json`) moves the catalog's writes to the service and back while one client keeps writing
 * through the proxy; the table shows the window, the slow steps outside it, and what the client saw.
 * The proxy, both apps, the consumers and the client share this one Node process (the CLI runs in
 * its own), so a pause of this process's event loop shows up in the window.
 */
import "reflect-metadata";
import { parseArgs } from "node:util";
import { runCli } from "../../testing";
import { startCatalogProxy, startTwoWayCatalog, startWriteLoad } from "../../testing/catalog";
import { printTable } from "./print-table";

const { values } = parseArgs({ options: { products: { type: "string", default: "100000" } } });

interface CutoverReport {
  fencedMs: number;
  steps: Array<{ name: string; ms: number; detail?: string }>;
}

const ms = (value: number) => `${value.toLocaleString("en")} ms`;

async function main(): Promise<void> {
  const products = Number(values.products);
  const started = Date.now();
  const stack = await startTwoWayCatalog({ categories: 20, products, customers: 5, orders: 20 });
  const proxy = await startCatalogProxy(stack.shop.url, stack.catalog.url);
  process.stderr.write(`stack with ${products.toLocaleString("en")} products (seed + backfill) ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  const env = { PATH: process.env.PATH, STRANGLER_ADMIN_URL: proxy.adminUrl, STRANGLER_ADMIN_TOKEN: proxy.adminToken, STRANGLER_DATA_DIR: stack.dir.path, STRANGLER_CONFIG: proxy.routeTablePath };
  const load = startWriteLoad({ proxyUrl: proxy.url, adminToken: stack.shop.adminToken, categoryId: 1, clients: 1, pauseMs: 50 });
  const rows: string[][] = [];
  try {
    for (const to of ["service", "monolith"]) {
      const run = await runCli(env, "cutover", "catalog", "--to", to, "--json");
      if (run.code !== 0) throw new Error(`cutover --to ${to} failed: ${run.stderr}`);
      const report = JSON.parse(run.stdout) as CutoverReport;
      const step = (prefix: string) => report.steps.find((entry) => entry.name.startsWith(prefix))?.ms ?? 0;
      rows.push([`writes refused, cut-over to the ${to}`, ms(report.fencedMs), "< 1,000 ms"]);
      rows.push([`  (catch-up before the fence)`, ms(step("let the")), ""]);
      rows.push([`  (full verify before the fence)`, ms(step("verify every row")), ""]);
      rows.push([`  (drain + verify of changed rows, inside)`, ms(step("drain") + step("verify the rows changed")), ""]);
      const inside = report.steps.slice(2).filter((entry) => !entry.name.startsWith("drain") && !entry.name.startsWith("verify the rows changed"));
      const slowest = inside.reduce((a, b) => (b.ms > a.ms ? b : a));
      rows.push([`  (slowest other step inside: ${slowest.name})`, ms(slowest.ms), ""]);
    }
  } finally {
    const seen = await load.stop();
    rows.push(["client writes acknowledged / retryable 503 / other", `${seen.acknowledged} / ${seen.retryable503} / ${seen.unexpected.length}`, "other = 0"]);
    await proxy.close();
    await stack.close();
  }
  console.log(`\nWrite cut-over with ${products.toLocaleString("en")} products (one client writing through the proxy)\n`);
  printTable(["measure", "result", "goal"], rows);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
