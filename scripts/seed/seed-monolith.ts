import "reflect-metadata";
import { mkdirSync } from "node:fs";
import { parseArgs } from "node:util";
import { restrictFileModes } from "../../platform";
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
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(SEED_USAGE);
    return;
  }
  const options = parseSeedArgs(values);
  const config = readConfig();
  mkdirSync(config.dataDir, { recursive: true });
  const dataSource = createShopDataSource(config.databasePath);
  try {
    await openShopDatabase(dataSource);
    const result = await seedShop(dataSource, options);
    process.stdout.write(
      [
        `Seeded ${config.databasePath} (seed ${options.seed ?? 1}) in ${result.durationMs} ms:`,
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

run().catch((err: unknown) => {
  if (err instanceof ShopError && err.code === SHOP_ERROR_CODES.seedTargetNotEmpty) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`seed failed: ${err instanceof Error ? err.message : String(err)}\n${SEED_USAGE}`);
  }
  process.exitCode = 1;
});
