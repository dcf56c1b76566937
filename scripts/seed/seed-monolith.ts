import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { redactDatabaseUrl, restrictFileModes } from "../../platform";
import { createShopDataSource, openShopDatabase, readConfig, seedShop, ShopError, SHOP_ERROR_CODES } from "../../monolith";
import { parseSeedArgs, SEED_USAGE } from "./seed-args";

// `npm run seed -- --products 100000 [--categories N --customers N --orders N --seed N --force]`
async function run(): Promise<void> {
  restrictFileModes();
  const { values } = parseArgs({
    options: {
      categories: { type: "string" },
      products: { type: "string" },
      customers: { type: "string" },
      orders: { type: "string" },
      seed: { type: "string" },
      force: { type: "boolean", default: false },
      "if-empty": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(SEED_USAGE);
    return;
  }
  const options = parseSeedArgs(values);
  const config = readConfig();
  ifEmpty = values["if-empty"] === true;
  mkdirSync(config.dataDir, { recursive: true });
  const dataSource = createShopDataSource(config.database);
  try {
    await openShopDatabase(dataSource);
    const result = await seedShop(dataSource, options);
    process.stdout.write(
      [
        `Seeded ${redactDatabaseUrl(config.database)} (seed ${options.seed ?? 1}) in ${result.durationMs} ms:`,
        `  categories  ${result.categories}`,
        `  products    ${result.products} (with stock levels)`,
        `  customers   ${result.customers} (password "sample-password")`,
        `  orders      ${result.orders} (${result.orderLines} lines)`,
        "",
      ].join("\n"),
    );
  } finally {
    await dataSource.destroy();
  }
}

/** `--if-empty` (what `npm start` passes): a database that holds a shop already is left as it is, and that is fine. */
let ifEmpty = false;

run().catch((err: unknown) => {
  if (err instanceof ShopError && err.code === SHOP_ERROR_CODES.seedTargetNotEmpty) {
    if (ifEmpty) {
      process.stdout.write("the shop database holds data already: not seeded (--if-empty)\n");
      return;
    }
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`seed failed: ${err instanceof Error ? err.message : String(err)}\n${SEED_USAGE}`);
  }
  process.exitCode = 1;
});
